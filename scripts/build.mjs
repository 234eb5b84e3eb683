// Bundles the CLI into dist/ with esbuild: one ESM entry plus lazily loaded chunks,
// so `eas-doctor` starts without parsing the network, log and UI code it does not use.
import { build } from 'esbuild';
import { rmSync, chmodSync, renameSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

// A hash of the sources identifies this build: caches of parsed trees made by another build
// are not used (src/tree/tree-cache.ts).
const hash = createHash('sha256');
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else hash.update(p).update(readFileSync(p));
  }
};
walk('src');
const buildId = hash.digest('hex').slice(0, 16);

// Build beside dist/ and swap it in with renames, so a CLI already running from dist/
// (a test, another terminal) never sees a half-written folder.
const out = `dist.tmp-${process.pid}`;
rmSync(out, { recursive: true, force: true });
await build({
  // The log reader's worker thread is its own entry; scan-files.ts finds it next to its chunk.
  entryPoints: { cli: 'src/cli.ts', 'chunks/tree-load-worker': 'src/tree/load-worker.ts', 'chunks/log-scan-worker': 'src/evidence/log-scan-worker.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Ink imports react-devtools-core only when DEV=true; it is not a dependency.
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"', __EAS_DOCTOR_BUILD__: JSON.stringify(buildId) },
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(`${out}/cli.js`, 0o755);
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
