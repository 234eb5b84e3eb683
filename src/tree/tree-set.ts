// Finds tree files in folders, loads them, layers override folders over the bundled trees
// (same id replaces), attaches `*.test.yaml` tests, and validates the whole set.
import path from 'node:path';
import { DiagnosticBag } from './diagnostics.js';
import { loadTestFile, loadTree } from './load.js';
import type { Tree, TreeSet } from './types.js';
import { validateTreeSet, type ProbeCatalog } from './validate.js';
import { cacheKey, type TreeCache } from './tree-cache.js';

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

const isTree = (f: string) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f);
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

/** loadTree through the cache: a hit replays the file's diagnostics and returns its model. */
function loadCached(file: string, bytes: Uint8Array, diagnostics: DiagnosticBag, expectedId: string, cache?: TreeCache): Tree | undefined {
  if (!cache) return loadTree(file, bytes, diagnostics, expectedId);
  const key = cacheKey(file, bytes);
  const hit = cache.get(key);
  if (hit) {
    hit.diagnostics.forEach((d) => diagnostics.add(d));
    return hit.tree;
  }
  const local = new DiagnosticBag();
  const tree = loadTree(file, bytes, local, expectedId);
  local.items.forEach((d) => diagnostics.add(d));
  cache.set(key, { tree, diagnostics: local.items });
  return tree;
}

/** Loads layers of trees and validates them together; `cache` skips parsing unchanged files. */
export async function loadTreeSet(fs: TreeFs, layers: TreeLayer[], catalog: ProbeCatalog, opts: { cache?: TreeCache } = {}): Promise<LoadResult> {
  const diagnostics = new DiagnosticBag();
  const sources = new Map<string, string>();
  const trees = new Map<string, Tree>();
  const files: string[] = [];
  const pendingTests: Array<NonNullable<ReturnType<typeof loadTestFile>>> = [];
  for (const layer of layers) {
    const inLayer = new Map<string, Tree>();
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
          const t = loadTestFile(file, bytes, diagnostics);
          if (t) pendingTests.push(t);
          continue;
        }
        if (!isTree(file)) continue;
        const expectedId = path.basename(file).replace(/\.ya?ml$/, '');
        const tree = loadCached(file, bytes, diagnostics, expectedId, opts.cache);
        if (!tree) continue;
        const twin = inLayer.get(tree.id);
        if (twin) {
          diagnostics.add({ ...tree.pos, code: 'DUPLICATE_TREE', severity: 'error', message: `tree "${tree.id}" is defined twice: here and in ${twin.file}`, hint: 'give one of them another id' });
          continue;
        }
        inLayer.set(tree.id, tree);
        trees.set(tree.id, tree);
      }
    }
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
