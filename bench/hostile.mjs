// bench/hostile: inputs built to be slow or large, against the built CLI, with wall time and
// peak RSS (/usr/bin/time -v when present, else the child's resource usage). Targets: any tree
// file under the 1 MiB size limit validates in under 2 s; the "did you mean" for a 900 KB value
// costs no more than for a short one.
//
// Usage: npm run build && node bench/hostile.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machine, root, work } from './lib.mjs';

const cli = path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('bench/hostile: run "npm run build" first');
  process.exit(2);
}
const dir = path.join(work, 'hostile');
mkdirSync(dir, { recursive: true });

/** A tree whose one value (at `where`) is `size` characters long. */
function tree(where, size) {
  const v = 'a'.repeat(size);
  const use = where === 'probe' ? v : 'tcp.connect';
  const next = where === 'next' ? v : 'done';
  return `id: big\ntitle: Big\nversion: 1\nsummary: x\nstart: ask\nnodes:\n  ask:\n    question: Q?\n    probe:\n      use: ${use}\n      with: {host: x}\n      map: {connected: yes}\n    answers:\n      yes: ${next}\n      no: done\n  done:\n    escalate: E\n    to: T\n    attach: [x]\n`;
}

function measure(file) {
  const time = existsSync('/usr/bin/time');
  const args = time ? ['-v', process.execPath, cli, 'validate', file] : [cli, 'validate', file];
  const started = performance.now();
  const r = spawnSync(time ? '/usr/bin/time' : process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - started;
  const rss = time ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024 : NaN;
  return { ms, rss, code: r.status, outBytes: r.stdout.length + r.stderr.length };
}

console.log(`bench/hostile on ${machine()}`);
console.log('| input | wall | peak RSS | output | target | met |');
console.log('|---|---|---|---|---|---|');
let ok = true;
for (const [where, size] of [['probe', 10], ['probe', 900_000], ['next', 900_000]]) {
  const file = path.join(dir, `${where}-${size}.yaml`);
  writeFileSync(file, tree(where, size));
  const m = measure(file);
  const met = m.ms < 2000;
  ok &&= met;
  console.log(`| validate, ${size.toLocaleString('en-US')}-character \`${where === 'probe' ? 'use:' : 'next:'}\` value | ${m.ms.toFixed(0)} ms | ${Number.isNaN(m.rss) ? '?' : `${m.rss.toFixed(0)} MB`} | ${m.outBytes.toLocaleString('en-US')} bytes | < 2000 ms | ${met ? 'yes' : 'NO'} |`);
}
process.exit(ok ? 0 : 1);
