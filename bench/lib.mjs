// Shared by the benchmarks: bundles src/index.ts once with esbuild so a plain .mjs script
// can call the real code, and formats figures.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { yamlDebugEnv } from '../scripts/yaml-debug-env.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const work = path.join(root, '.bench');

/** Imports the public API (src/index.ts), bundled for Node into .bench/. */
export async function api() {
  mkdirSync(work, { recursive: true });
  const outfile = path.join(work, 'api.js');
  await build({ entryPoints: { api: path.join(root, 'src/index.ts'), 'chunks/tree-load-worker': path.join(root, 'src/tree/load-worker.ts'), 'chunks/log-scan-worker': path.join(root, 'src/evidence/log-scan-worker.ts') }, outdir: work, outExtension: { '.js': '.js' }, bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['react-devtools-core'], logLevel: 'warning', plugins: [yamlDebugEnv], banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
  return import(pathToFileURL(outfile).href);
}

export function machine() {
  return `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
