#!/usr/bin/env node
// The installed bin (built into dist/cli.js): runs the bundled CLI, dist/app.cjs, from a V8
// code cache. Node 20 has no compile cache of its own (module.enableCompileCache is Node 22),
// so this does what Node's CommonJS loader does, through vm.Script with `cachedData`: the
// first run of a command compiles the bundle as usual and, when it ends, stores V8's compiled
// code for what it ran; later runs read it back instead of parsing and compiling again.
//
// The cache is one file per command under CACHE/v8 (src/util/folders.ts: $XDG_CACHE_HOME/eas-doctor,
// ~/.cache/eas-doctor, ~/Library/Caches/eas-doctor or %LOCALAPPDATA%\eas-doctor\Cache),
// named by the bundle's hash and Node's version; until a command has one, the build's
// (dist/app.cjs.NODE-ARCH.v8) is used. EAS_DOCTOR_NO_CACHE turns both off. V8 checks
// the data itself (its version, flags and the source) and rejects what does not fit: then the
// run compiles normally and writes a fresh cache. Any failure to read or write it only costs
// speed.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { startEarlyWorker, wantsWorkers } from '../src/evidence/scan-worker.ts';
import { appFolders, platformOf } from '../src/util/folders.ts';

/* global __EAS_DOCTOR_APP_HASH__ */
const appHash = typeof __EAS_DOCTOR_APP_HASH__ === 'string' ? __EAS_DOCTOR_APP_HASH__ : 'dev';
const file = fileURLToPath(new URL('./app.cjs', import.meta.url));

const env = process.env;
const cacheDir = env.EAS_DOCTOR_NO_CACHE ? undefined : appFolders(platformOf(env)).cache;
// One cache per command, and for `run` one for the wizard and one for scripted walks: each
// holds the code its first run compiled, so a short run must not leave a cache that a long
// one then uses. --help and --version are cheap and get none.
const args = process.argv.slice(2);
const first = args[0] ?? '';
const command = first === '' || (first.startsWith('-') && !/^-(v|h|-version|-help)$/.test(first)) ? 'run' : /^[a-z]{2,12}$/.test(first) ? first : undefined;
const kind = command === 'run' && args.includes('--answers') ? 'run-answers' : command;
const wanted = kind && !args.includes('--help') && !args.includes('-h') ? kind : undefined;
const cacheFile = cacheDir && wanted && path.join(cacheDir, 'v8', `${wanted}-${appHash}-${process.version}-${process.arch}.bin`);

// `log` reads a big file on two threads. The worker thread starts now, on another core while
// this one loads the CLI, so that it is up when the file is opened (src/evidence/scan-worker.ts).
if (wanted === 'log' && wantsWorkers(env)) startEarlyWorker(new URL('./chunks/log-scan-worker.js', import.meta.url));

const source = readFileSync(file, 'utf8');

let cachedData;
if (cacheFile) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
}
// No cache of this command's yet: the build's (scripts/build.mjs: from a run of the built CLI,
// under the Node version in its name) spares most of the compiling. The run then writes a
// cache of its own, with the functions it ran.
let seeded = false;
if (cachedData === undefined && !env.EAS_DOCTOR_NO_CACHE) {
  try {
    cachedData = readFileSync(fileURLToPath(new URL(`./app.cjs.${process.version}-${process.arch}.v8`, import.meta.url)));
    seeded = true;
  } catch {
    // a build for another Node version, or none
  }
}
// The bundle is written as the function Node's CommonJS loader would wrap it in
// (scripts/build.mjs), so it is compiled as it is.
// It has no import() (the build turns them into require), so it needs no loader hook.
const script = new vm.Script(source, { filename: file, cachedData });
const stale = !cachedData || seeded || script.cachedDataRejected === true;
cachedData = undefined; // V8 has copied what it needs; do not hold the file's bytes as well
if (cacheFile && stale) {
  process.once('exit', (code) => {
    // A usage error (exit 2) ran little of the code; wait for a real run.
    if (code === 2) return;
    const dir = path.dirname(cacheFile);
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
      // Every build and Node upgrade makes new files: drop this command's older ones, so the
      // folder does not grow with each (two installs used in turn would replace each other's).
      for (const name of readdirSync(dir)) {
        if (name.startsWith(`${wanted}-`) && /^[0-9a-f]{16}-/.test(name.slice(wanted.length + 1)) && path.join(dir, name) !== cacheFile) rmSync(path.join(dir, name), { force: true });
      }
    } catch {
      // A cache that cannot be written only costs speed.
    }
  });
}
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
