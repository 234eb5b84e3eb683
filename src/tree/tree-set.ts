// Finds tree files in folders, loads them, layers override folders over the bundled trees
// (same id replaces), attaches `*.test.yaml` tests, and validates the whole set.
import path from 'node:path';
import { DiagnosticBag } from './diagnostics.js';
import { loadTree } from './load.js';
import { loadTestFile } from './load-tests.js';
import type { Tree, TreeSet } from './types.js';
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
 * Parses every job; when the files left after the cache are large, a worker thread parses
 * half of them while this thread parses the other half (yaml parsing is CPU-bound).
 */
async function loadAll(jobs: LoadJob[], opts: LoadOptions): Promise<CachedTree[]> {
  const results: Array<CachedTree | undefined> = jobs.map((job) => (opts.cache ? opts.cache.get(cacheKey(job.file, job.bytes)) : undefined));
  const todo = jobs.map((job, i) => ({ job, i })).filter(({ i }) => !results[i]);
  const bytes = todo.reduce((n, { job }) => n + job.bytes.length, 0);
  const script = opts.workers !== false && bytes >= PARALLEL_MIN_BYTES && availableParallelism() > 1 ? bundledWorker('tree-load-worker', import.meta.url) : undefined;
  if (script && todo.length > 1) {
    // Split by size: the worker takes files until it holds about half of the bytes.
    const theirs: typeof todo = [];
    let share = 0;
    for (const t of todo) {
      if (share >= bytes / 2) break;
      theirs.push(t);
      share += t.job.bytes.length;
    }
    const remote = parseElsewhere(script, theirs.map((t) => t.job));
    for (const t of todo.slice(theirs.length)) results[t.i] = loadOne(t.job, opts.cache);
    try {
      const got = await remote;
      theirs.forEach((t, k) => {
        results[t.i] = got[k]!;
        if (opts.cache) opts.cache.set(cacheKey(t.job.file, t.job.bytes), got[k]!);
      });
    } catch {
      for (const t of theirs) results[t.i] = loadOne(t.job, opts.cache);
    }
  } else {
    for (const t of todo) results[t.i] = loadOne(t.job, opts.cache);
  }
  return results as CachedTree[];
}

/**
 * The parsing worker, kept for the life of the process so a second load (a long-running
 * host, the benchmark) finds its code already compiled. It holds the process open only
 * while a request is out.
 */
let parser: { worker: Worker; next: number; waiting: Map<number, (r: CachedTree[] | Error) => void> } | undefined;

function parseElsewhere(script: URL, jobs: LoadJob[]): Promise<CachedTree[]> {
  if (!parser) {
    const worker = new Worker(script);
    const p = { worker, next: 0, waiting: new Map<number, (r: CachedTree[] | Error) => void>() };
    const fail = (err: Error) => {
      if (parser === p) parser = undefined;
      for (const settle of p.waiting.values()) settle(err);
      p.waiting.clear();
    };
    worker.on('message', ({ id, results }: { id: number; results: CachedTree[] }) => {
      p.waiting.get(id)?.(results);
      p.waiting.delete(id);
      if (p.waiting.size === 0) worker.unref();
    });
    worker.once('error', fail);
    worker.once('exit', () => fail(new Error('the tree parser stopped')));
    parser = p;
  }
  const p = parser;
  const id = p.next++;
  p.worker.ref();
  return new Promise<CachedTree[]>((resolve, reject) => {
    p.waiting.set(id, (r) => (r instanceof Error ? reject(r) : resolve(r)));
    p.worker.postMessage({ id, jobs });
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
  const set: TreeSet = { trees };
  validateTreeSet(set, catalog, diagnostics);
  return { set, diagnostics, sources, files };
}
