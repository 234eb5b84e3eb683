// Worker thread entry: parses a share of the tree files for tree-set.ts when the set is large.
// Bundled as its own entry point (dist/chunks/tree-load-worker.js).
import { parentPort } from 'node:worker_threads';
import { DiagnosticBag } from './diagnostics.js';
import { loadTree } from './load.js';
import type { CachedTree } from './tree-cache.js';

/** One file to parse. */
export interface LoadJob {
  file: string;
  bytes: Uint8Array;
  expectedId: string;
}

parentPort?.on('message', ({ id, jobs }: { id: number; jobs: LoadJob[] }) => {
  const results: CachedTree[] = jobs.map((job) => {
    const diag = new DiagnosticBag();
    const tree = loadTree(job.file, job.bytes, diag, job.expectedId);
    return { tree, diagnostics: diag.items };
  });
  parentPort!.postMessage({ id, results });
});
