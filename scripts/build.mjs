// Bundles the CLI into dist/ with esbuild: dist/app.cjs holds the whole CLI as one CommonJS
// file (commands still load lazily: esbuild turns their import() into a deferred init), and
// dist/cli.js, the bin, runs it from a V8 code cache (scripts/launcher.mjs says how). Worker
// threads are ES modules of their own in dist/chunks/.
import { build } from 'esbuild';
import { rmSync, chmodSync, renameSync, existsSync, readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { yamlDebugEnv } from './yaml-debug-env.mjs';

// A hash of the sources and the lock file identifies this build: caches of parsed trees made
// by another build (or with another yaml version) are not used (src/tree/tree-cache.ts).
const hash = createHash('sha256');
if (existsSync('package-lock.json')) hash.update(readFileSync('package-lock.json'));
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
      // With a synchronous instantiateWasm, Emscripten has run the module before loadYoga()
      // returns, so no top-level await is needed (the CommonJS bundle cannot have one).
      return {
        resolveDir: path.join(yogaDir, 'dist/src'),
        contents: `import loadYoga from '../binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from './wrapAssembly.js';
const bytes = Buffer.from(${JSON.stringify(base64)}, 'base64');
const wasm = {
  instantiateWasm(imports, receive) {
    const module = new WebAssembly.Module(bytes);
    receive(new WebAssembly.Instance(module, imports), module);
    return {};
  },
};
void loadYoga(wasm);
if (!wasm.calledRun) throw new Error('yoga-layout did not start synchronously');
const Yoga = wrapAssembly(wasm);
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

// Ink's reconciler awaits two imports at its top level, only when DEV=true (React devtools).
// A CommonJS bundle cannot await at the top level, so those two lines start the same work
// without waiting for it: the devtools connect a moment later, and the package name and
// version Ink reports to them are left out (in a bundle they would be eas-doctor's anyway).
const INK_TLA = [
  [/await import\('\.\/devtools\.js'\);/, "void import('./devtools.js').catch((error) => console.warn(`Ink could not load react-devtools-core for DEV=true: ${error.message}`));"],
  [/\? await loadPackageJson\(\)/, '? { name: undefined, version: undefined }'],
];
const inkNoTopLevelAwait = {
  name: 'ink-no-top-level-await',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of INK_TLA) {
        if (!from.test(text)) throw new Error(`scripts/build.mjs: ${from} not found in ${args.path}; Ink changed, update the ink-no-top-level-await plugin`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  // Measured (bench/README.md): minifying saves 4-5 ms of CPU to the first frame, within the
  // noise (V8 only pre-parses what it does not run, and the code cache skips even that), and
  // would make the stack traces EAS_DOCTOR_DEBUG prints unreadable.
  minify: false,
  legalComments: 'none',
  // Ink imports react-devtools-core only when DEV=true; it is not a dependency.
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"', __EAS_DOCTOR_BUILD__: JSON.stringify(buildId) },
  logLevel: 'warning',
  plugins: [yamlDebugEnv],
};

// Build beside dist/ and swap it in with renames, so a CLI already running from dist/
// (a test, another terminal) never sees a half-written folder.
const out = `dist.tmp-${process.pid}`;
rmSync(out, { recursive: true, force: true });
// The CLI as one CommonJS file, so the launcher can compile it through vm.Script with a code
// cache (Node 20 caches no ES module code). The file is the function Node's CommonJS loader
// would wrap it in (strict, as the ES modules it is made of), so the launcher compiles it as
// it is, without a second copy. import.meta.url is the bundle's own URL: the code that uses
// it looks for dist/chunks/ and package.json from there.
await build({
  ...common,
  entryPoints: { app: 'src/cli.ts' },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  plugins: [...common.plugins, yogaSync, inkNoTopLevelAwait],
  // import() of a module outside the bundle (node:fs/promises, say) becomes require(): in a
  // vm.Script, import() needs a loader hook that Node 20 only has as an experimental feature
  // (it prints an ExperimentalWarning on stderr).
  supported: { 'dynamic-import': false },
  define: { ...common.define, 'import.meta.url': '__eas_doctor_url' },
  banner: { js: "(function (exports, require, module, __filename, __dirname) { 'use strict'; var __eas_doctor_url = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '})' },
});
// esbuild writes code as ASCII, but comments as they were: one curly quote in a dependency's
// comment makes V8 hold the whole 1.8 MB source as two-byte text. Escaping them keeps it 1 byte
// per character.
const appFile = `${out}/app.cjs`;
const appText = readFileSync(appFile, 'utf8');
const dynamicImport = /^(?!\s*(\/\/|\*)).*[^\w$.]import\(/m.exec(appText);
if (dynamicImport) throw new Error(`scripts/build.mjs: dist/app.cjs still calls import() (${dynamicImport[0].trim().slice(0, 80)}); the launcher's vm.Script cannot run it`);
writeFileSync(appFile, appText.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
// Worker threads start from a file of their own: ES modules beside each other in chunks/.
await build({
  ...common,
  // The log reader's worker and the tree loader's; scan-files.ts and tree-set.ts find them.
  entryPoints: { 'tree-load-worker': 'src/tree/load-worker.ts', 'log-scan-worker': 'src/evidence/log-scan-worker.ts' },
  outdir: `${out}/chunks`,
  splitting: true,
  format: 'esm',
  chunkNames: '[name]-[hash]',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
// The bin. The bundle's hash names its code cache, so a cache is never used with other code.
const appHash = createHash('sha256').update(readFileSync(appFile)).digest('hex').slice(0, 16);
await build({
  ...common,
  entryPoints: { cli: 'scripts/launcher.mjs' },
  outdir: out,
  format: 'esm',
  define: { __EAS_DOCTOR_APP_HASH__: JSON.stringify(appHash) },
});
chmodSync(`${out}/cli.js`, 0o755);

// The JSON Schemas editors use (schema/tree.schema.json, schema/tree-test.schema.json) are
// generated from the loader's key lists and the probe descriptors (src/tree/json-schema.ts);
// a file is rewritten only when it changed, and test/tree/schema.test.ts checks the committed
// ones against the sources.
{
  const genDir = mkdtempSync(path.join(tmpdir(), 'eas-doctor-schema-'));
  try {
    await build({
      ...common,
      stdin: {
        contents: "export { schemaFiles } from './src/tree/json-schema.ts'; export { probeCatalog } from './src/probes/catalog.ts'; export { VERSION } from './src/version.ts';",
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      outfile: path.join(genDir, 'gen.mjs'),
      format: 'esm',
    });
    const { schemaFiles, probeCatalog, VERSION } = await import(pathToFileURL(path.join(genDir, 'gen.mjs')).href);
    for (const [name, text] of Object.entries(schemaFiles([...probeCatalog.values()], VERSION))) {
      const file = path.join('schema', name);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    }
  } finally {
    rmSync(genDir, { recursive: true, force: true });
  }
}

// The bundled trees, parsed by this build's own loader and shipped as dist/tree-seed.json, so
// the first start after an install parses no YAML (src/tree/tree-cache.ts, seededTreeCache).
// The built CLI fills an empty cache folder; its entries are found by the loader's key
// (cacheKey in tree-cache.ts: build id, file path, bytes).
const treesDir = path.resolve('trees');
const seedCache = mkdtempSync(path.join(tmpdir(), 'eas-doctor-seed-'));
try {
  spawnSync(process.execPath, [`${out}/cli.js`, 'validate'], { env: { PATH: process.env.PATH, HOME: seedCache, XDG_CACHE_HOME: seedCache, EAS_DOCTOR_HOME: seedCache, EAS_DOCTOR_TREES: treesDir }, stdio: 'ignore' });
  const files = {};
  for (const name of readdirSync(treesDir).filter((n) => /\.ya?ml$/.test(n) && !/^sources\.ya?ml$/.test(n)).sort()) {
    const file = path.join(treesDir, name);
    const bytes = readFileSync(file);
    const key = createHash('sha256').update(buildId).update('\0').update(file).update('\0').update(bytes).digest('hex');
    try {
      files[name] = { sha256: createHash('sha256').update(bytes).digest('hex'), entry: readFileSync(path.join(seedCache, 'eas-doctor', 'trees', buildId, `${key}.json`), 'utf8') };
    } catch {
      throw new Error(`scripts/build.mjs: the tree cache has no entry for ${name}; did cacheKey in src/tree/tree-cache.ts change?`);
    }
  }
  writeFileSync(`${out}/tree-seed.json`, JSON.stringify({ build: buildId, dir: treesDir, files }));
  // A V8 code cache for a command's first run, before that run has made its own
  // (scripts/launcher.mjs), from a run that read those trees back: it holds the code every
  // start runs (loading and checking the trees, the CLI's set-up). V8 takes it only from this
  // Node version and these flags; any other ignores it.
  const v8Dir = path.join(seedCache, 'eas-doctor', 'v8');
  rmSync(v8Dir, { recursive: true, force: true });
  spawnSync(process.execPath, [`${out}/cli.js`, 'validate'], { env: { PATH: process.env.PATH, HOME: seedCache, XDG_CACHE_HOME: seedCache, EAS_DOCTOR_HOME: seedCache, EAS_DOCTOR_TREES: treesDir }, stdio: 'ignore' });
  const made = existsSync(v8Dir) ? readdirSync(v8Dir).find((n) => n.startsWith('validate-') && n.endsWith('.bin')) : undefined;
  if (made) writeFileSync(`${out}/app.cjs.${process.version}-${process.arch}.v8`, readFileSync(path.join(v8Dir, made)));
} finally {
  rmSync(seedCache, { recursive: true, force: true });
}
const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
