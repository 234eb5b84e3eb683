// bench/run-all (`npm run bench`): builds dist/, then runs every benchmark one after another,
// each in its own process with its output as it comes, and ends with one line per benchmark
// (exit status, wall time) and the machine with its load average before and after. The whole
// output is also kept in .bench/latest.txt for copying figures into bench/README.md.
//
// Usage: npm run bench [-- NAME...]   (names: startup compile check search hostile log-scan; default all)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine, root, work } from './lib.mjs';

/** Every benchmark, in the order they run (the slow log reader last). */
const BENCHES = {
  startup: ['bench/startup.mjs'],
  compile: ['bench/compile.mjs'],
  check: ['bench/check.mjs'],
  search: ['bench/search.mjs'],
  hostile: ['bench/hostile.mjs'],
  'log-scan': ['bench/log-scan.mjs'],
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in BENCHES));
if (unknown.length) {
  console.error(`bench/run-all: unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}; must be one of: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const names = wanted.length ? wanted : Object.keys(BENCHES);

let transcript = '';
const say = (text) => {
  process.stdout.write(text);
  transcript += text;
};
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

say(`bench/run-all on ${machine()}, ${os.type()} ${os.release()}, ${new Date().toISOString()}\n`);
say(`load average at the start: ${load()} (a shared machine: figures vary from run to run)\n\n`);
say('$ npm run build\n');
const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  say('bench/run-all: the build failed; nothing measured\n');
  process.exit(1);
}

const results = [];
for (const name of names) {
  const args = BENCHES[name];
  say(`\n$ node ${args.join(' ')}\n`);
  const t0 = performance.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => say(d.toString()));
    child.stderr.on('data', (d) => say(d.toString()));
    child.on('close', (c) => resolve(c ?? 1));
  });
  results.push({ name, code, seconds: (performance.now() - t0) / 1000 });
}

say(`\nsummary (load average at the end: ${load()})\n`);
for (const r of results) say(`  ${r.name.padEnd(9)} ${r.code === 0 ? 'ran' : `exit ${r.code}`}  ${r.seconds.toFixed(1)} s\n`);
mkdirSync(work, { recursive: true });
writeFileSync(path.join(work, 'latest.txt'), transcript);
say(`(this output is also in ${path.relative(root, path.join(work, 'latest.txt'))})\n`);
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
