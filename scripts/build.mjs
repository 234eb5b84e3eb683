// Bundles the CLI into dist/ with esbuild: one ESM entry plus lazily loaded chunks,
// so `eas-doctor` starts without parsing the network, log and UI code it does not use.
import { build } from 'esbuild';
import { rmSync, chmodSync, renameSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
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

// Ink's layout engine, yoga-layout, ships its WebAssembly as a base64 data: URL and loads it
// asynchronously; on Node that goes through fetch(), which loads undici (~15 ms), then compiles
// the module off the main thread. Giving Emscripten an `instantiateWasm` hook that compiles the
// same bytes synchronously takes yoga from ~34 ms to ~12 ms of the first frame. The bytes are
// taken out of the Emscripten file (its data: URL is left empty) and embedded once here.
const yogaDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('yoga-layout')), '../..');
const yogaWasmJs = path.join(yogaDir, 'dist/binaries/yoga-wasm-base64-esm.js');
const DATA_URL = /(["'])data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)\1/;
const yogaSync = {
  name: 'yoga-sync-wasm',
  setup(b) {
    b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: 'yoga-layout', namespace: 'yoga-sync' }));
    b.onLoad({ filter: /.*/, namespace: 'yoga-sync' }, () => {
      const base64 = DATA_URL.exec(readFileSync(yogaWasmJs, 'utf8'))?.[2];
      if (!base64) throw new Error(`scripts/build.mjs: no base64 WebAssembly found in ${yogaWasmJs}; yoga-layout changed, update the yoga-sync-wasm plugin`);
      return {
        resolveDir: path.join(yogaDir, 'dist/src'),
        contents: `import loadYoga from '../binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from './wrapAssembly.js';
const bytes = Buffer.from(${JSON.stringify(base64)}, 'base64');
const Yoga = wrapAssembly(await loadYoga({
  instantiateWasm(imports, receive) {
    const module = new WebAssembly.Module(bytes);
    receive(new WebAssembly.Instance(module, imports), module);
    return {};
  },
}));
export default Yoga;
export * from './generated/YGEnums.js';`,
      };
    });
    b.onLoad({ filter: /yoga-wasm-base64-esm\.js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(DATA_URL, '$1data:application/octet-stream;base64,$1'),
      loader: 'js',
    }));
  },
};

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
  plugins: [yogaSync],
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
