// Finds tree files in folders, loads them, layers override folders over the bundled trees
// (same id replaces), attaches `*.test.yaml` tests, and validates the whole set.
import path from 'node:path';
import { DiagnosticBag } from './diagnostics.js';
import { loadTree } from './load.js';
import { loadTestFile } from './load-tests.js';
import type { Tree, TreeSet } from './types.js';
import { isSourcesFile, loadSources, type Source } from './sources.js';
import { validateTreeSet, type ProbeCatalog } from './validate.js';
import { cacheKey, type CachedTree, type TreeCache } from './tree-cache.js';
import type { LoadJob } from './load-worker.js';
import { bundledWorker } from '../util/worker-script.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The file-system calls the loader makes (injected: tests use real temp folders or fakes). */
export interface TreeFs {
  readFile(file: string): Promise<Uint8Array>;
  readdir(dir: string): Promise<string[]>;
  stat(file: string): Promise<{ isDirectory(): boolean; isFile(): boolean }>;
}

/** What a load produced: the set, every diagnostic, and each file's text for caret excerpts. */
export interface LoadResult {
  set: TreeSet;
  diagnostics: DiagnosticBag;
  sources: Map<string, string>;
  /** Files read, in order. */
  files: string[];
  /** Trees that replace one of an earlier layer (a bundled tree, say) with the same id. */
  replaced: Array<{ id: string; file: string; replaces: string }>;
}

/** One layer: folders or files; a later layer's tree replaces an earlier one with the same id. */
export type TreeLayer = string[];

const isTest = (f: string) => /\.test\.ya?ml$/.test(f);

async function expand(fs: TreeFs, entry: string, diag: DiagnosticBag): Promise<string[]> {
  try {
    const st = await fs.stat(entry);
    if (st.isDirectory()) {
      const names = (await fs.readdir(entry)).filter((n) => /\.ya?ml$/.test(n)).sort();
      return names.map((n) => path.join(entry, n));
    }
    return [entry];
  } catch (err) {
    const code = (err as { code?: string }).code;
    diag.add({ code: 'BAD_VALUE', severity: 'error', file: entry, line: 1, column: 1, message: code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${(err as Error).message}`, hint: 'check the path; trees are *.yaml files or folders of them' });
    return [];
  }
}

/** Parses one file, through the cache when there is one. */
function loadOne(job: LoadJob, cache?: TreeCache): CachedTree {
  const key = cache ? cacheKey(job.file, job.bytes) : '';
  const hit = cache?.get(key);
  if (hit) return hit;
  const local = new DiagnosticBag();
  const tree = loadTree(job.file, job.bytes, local, job.expectedId);
  const result = { tree, diagnostics: local.items };
  cache?.set(key, result);
  return result;
}

/**
 * Parses one test file, through the cache when there is one: without it every start would
 * still parse the YAML of all `*.test.yaml` files, most of a warm start's loading time.
 */
function loadTestOne(file: string, bytes: Uint8Array, diag: DiagnosticBag, cache?: TreeCache): CachedTree['testFile'] {
  const key = cache ? cacheKey(file, bytes) : '';
  let hit = cache?.get(key);
  if (!hit) {
    const local = new DiagnosticBag();
    hit = { testFile: loadTestFile(file, bytes, local), diagnostics: local.items };
    cache?.set(key, hit);
  }
  hit.diagnostics.forEach((d) => diag.add(d));
  return hit.testFile;
}

/** Below this many bytes to parse, a worker thread costs more than it saves. */
const PARALLEL_MIN_BYTES = 512 * 1024;

/**
 * Parses every job; when the files left after the cache are large, worker threads parse
 * them (yaml parsing is CPU-bound), one share per core, while this thread only waits and
 * takes the results. This thread used to parse a share too: its heap then filled with yaml's
 * short-lived nodes, and its garbage collection grew faster than the set (bench/compile:
 * 50k synthetic nodes in 4.9 s, 6.1x the 10k time; this way 4.0-4.3 s, 4.7-5.8x).
 */
async function loadAll(jobs: LoadJob[], opts: LoadOptions): Promise<CachedTree[]> {
  const results: Array<CachedTree | undefined> = jobs.map((job) => (opts.cache ? opts.cache.get(cacheKey(job.file, job.bytes)) : undefined));
  const todo = jobs.map((job, i) => ({ job, i })).filter(({ i }) => !results[i]);
  const bytes = todo.reduce((n, { job }) => n + job.bytes.length, 0);
  const lanes = Math.min(availableParallelism(), MAX_PARSERS, todo.length);
  const script = opts.workers !== false && bytes >= PARALLEL_MIN_BYTES && lanes > 1 ? bundledWorker('tree-load-worker', import.meta.url) : undefined;
  if (script) {
    // Largest files first, each to the share with the fewest bytes so far.
    const shares = Array.from({ length: lanes }, () => ({ items: [] as typeof todo, bytes: 0 }));
    for (const t of [...todo].sort((x, y) => y.job.bytes.length - x.job.bytes.length)) {
      const share = shares.reduce((min, s) => (s.bytes < min.bytes ? s : min));
      share.items.push(t);
      share.bytes += t.job.bytes.length;
    }
    try {
      const got = await Promise.all(shares.map((share, w) => parseElsewhere(script, w, share.items.map((t) => t.job))));
      shares.forEach((share, w) =>
        share.items.forEach((t, k) => {
          results[t.i] = got[w]![k]!;
          if (opts.cache) opts.cache.set(cacheKey(t.job.file, t.job.bytes), got[w]![k]!);
        }),
      );
    } catch {
      for (const t of todo) results[t.i] ??= loadOne(t.job, opts.cache);
    }
  } else {
    for (const t of todo) results[t.i] = loadOne(t.job, opts.cache);
  }
  return results as CachedTree[];
}

/** Most parsing threads. */
const MAX_PARSERS = 4;

/**
 * The parsing workers, kept for the life of the process so a second load (a long-running
 * host, the benchmark) finds their code already compiled. A worker holds the process open
 * only while a request to it is out.
 */
const parsers: Array<{ worker: Worker; next: number; waiting: Map<number, (r: CachedTree[] | Error) => void> } | undefined> = [];

function parseElsewhere(script: URL, slot: number, jobs: LoadJob[]): Promise<CachedTree[]> {
  let p = parsers[slot];
  if (!p) {
    // A large young generation: yaml's nodes die young, and a small one promotes them.
    const worker = new Worker(script, { name: `tree-parser-${slot}`, resourceLimits: { maxYoungGenerationSizeMb: 32 } });
    const fresh = { worker, next: 0, waiting: new Map<number, (r: CachedTree[] | Error) => void>() };
    const fail = (err: Error) => {
      if (parsers[slot] === fresh) parsers[slot] = undefined;
      for (const settle of fresh.waiting.values()) settle(err);
      fresh.waiting.clear();
    };
    worker.on('message', ({ id, results }: { id: number; results: CachedTree[] }) => {
      fresh.waiting.get(id)?.(results);
      fresh.waiting.delete(id);
      if (fresh.waiting.size === 0) worker.unref();
    });
    worker.once('error', fail);
    worker.once('exit', () => fail(new Error('the tree parser stopped')));
    parsers[slot] = p = fresh;
  }
  const id = p.next++;
  p.worker.ref();
  const ready = p;
  return new Promise<CachedTree[]>((resolve, reject) => {
    ready.waiting.set(id, (r) => (r instanceof Error ? reject(r) : resolve(r)));
    ready.worker.postMessage({ id, jobs });
  });
}

/** How trees are loaded. */
export interface LoadOptions {
  /** Parsed trees by content; unchanged files are not parsed again. */
  cache?: TreeCache;
  /** Parse large sets on a worker thread too (bundled builds only). @default true */
  workers?: boolean;
}

/** Loads layers of trees and validates them together; `cache` skips parsing unchanged files. */
export async function loadTreeSet(fs: TreeFs, layers: TreeLayer[], catalog: ProbeCatalog, opts: LoadOptions = {}): Promise<LoadResult> {
  const diagnostics = new DiagnosticBag();
  const sources = new Map<string, string>();
  const trees = new Map<string, Tree>();
  const files: string[] = [];
  const pendingTests: Array<NonNullable<ReturnType<typeof loadTestFile>>> = [];
  const registry = new Map<string, Source>();
  const replaced: LoadResult['replaced'] = [];
  for (const layer of layers) {
    const inLayer = new Map<string, Tree>();
    const jobs: LoadJob[] = [];
    for (const entry of layer) {
      for (const file of await expand(fs, entry, diagnostics)) {
        let bytes: Uint8Array;
        try {
          bytes = await fs.readFile(file);
        } catch (err) {
          diagnostics.add({ code: 'BAD_VALUE', severity: 'error', file, line: 1, column: 1, message: `cannot read: ${(err as Error).message}` });
          continue;
        }
        files.push(file);
        if (bytes.length <= 1024 * 1024) sources.set(file, Buffer.from(bytes).toString('utf8'));
        if (isSourcesFile(file)) {
          loadSources(file, bytes, diagnostics, registry);
          continue;
        }
        if (isTest(file)) {
          const t = loadTestOne(file, bytes, diagnostics, opts.cache);
          if (t) pendingTests.push(t);
          continue;
        }
        // Folders give only *.yaml files; a file named on the command line is a tree whatever its name.
        jobs.push({ file, bytes, expectedId: path.basename(file).replace(/\.[^.]*$/, '') });
      }
    }
    const loaded = await loadAll(jobs, opts);
    jobs.forEach((job, i) => {
      const result = loaded[i]!;
      result.diagnostics.forEach((d) => diagnostics.add(d));
      const tree = result.tree;
      if (!tree) return;
      const twin = inLayer.get(tree.id);
      if (twin) {
        diagnostics.add({ ...tree.pos, code: 'DUPLICATE_TREE', severity: 'error', message: `tree "${tree.id}" is defined twice: here and in ${twin.file}`, hint: 'give one of them another id' });
        return;
      }
      inLayer.set(tree.id, tree);
      const earlier = trees.get(tree.id);
      if (earlier) replaced.push({ id: tree.id, file: tree.file, replaces: earlier.file });
      trees.set(tree.id, tree);
    });
  }
  for (const t of pendingTests) {
    const tree = trees.get(t.tree);
    if (!tree) {
      diagnostics.add({ ...t.pos, code: 'UNKNOWN_TREE', severity: 'error', message: `tests for tree "${t.tree}", which is not loaded`, hint: 'name the tree these tests walk' });
      continue;
    }
    tree.tests.push(...t.tests);
  }
  const set: TreeSet = { trees, sources: registry };
  validateTreeSet(set, catalog, diagnostics);
  return { set, diagnostics, sources, files, replaced };
}
