#!/usr/bin/env node
// Benchmark: `eas-doctor log` on a generated Exchange IIS log beside mawk doing the same
// group-by (requests per user, status and Error). Prints wall time and peak RSS of each.
//
//   npm run build && node bench/log-scan.mjs          # 400 MB, 5 runs of each
//   node bench/log-scan.mjs 1024                      # 1 GB
//   node bench/log-scan.mjs 400 --runs 9              # more runs
//   node bench/log-scan.mjs 400 --keep                # keep the generated file in .bench/
//
// The two commands run in turns (eas-doctor, mawk, eas-doctor, ...) and the medians are
// compared: on a shared machine one run of either can be 10-30 % off, and a burst of load
// then lands on both alike.
//
// Target (issue 4): no slower than mawk, under 150 MB peak RSS for 1 GB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, measure } from './log-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs takes a whole number of at least 1');
  process.exit(2);
}
const sizeMb = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs') ?? 400);
const keep = args.includes('--keep');
const cli = process.env.EAS_DOCTOR_BENCH_CLI ?? path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run "npm run build" first.');
  process.exit(2);
}

const dir = path.join(root, '.bench');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `eas-${sizeMb}mb.log`);
if (!existsSync(file) || Math.abs(statSync(file).size - sizeMb * 1024 * 1024) > 4 * 1024 * 1024) {
  const t = performance.now();
  generate(file, sizeMb * 1024 * 1024);
  console.log(`generated ${path.relative(root, file)} (${sizeMb} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const awkProgram = `
/^#Fields:/ { for (i = 2; i <= NF; i++) f[$i] = i - 1; q = f["cs-uri-query"]; s = f["sc-status"]; st = f["cs-uri-stem"]; next }
/^#/ { next }
$st ~ /^\\/[Mm]icrosoft-[Ss]erver-[Aa]ctive[Ss]ync/ {
  query = $q; user = ""; err = ""
  if (match(query, /(^|&)User=[^&]*/)) { user = substr(query, RSTART, RLENGTH); sub(/^&?User=/, "", user) }
  if (match(query, /Error:[^_&]*/)) err = substr(query, RSTART + 6, RLENGTH - 6)
  c[user SUBSEP $s SUBSEP err]++
}
END { for (k in c) n++; print n " user/status/error groups" }`;

const size = statSync(file).size;
console.log(`file: ${path.relative(root, file)}, ${(size / 1024 / 1024).toFixed(0)} MB`);
// Warm the page cache so both read from memory.
spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });

const mawk = spawnSync('sh', ['-c', 'command -v mawk'], { encoding: 'utf8' }).stdout.trim();
if (!mawk) console.log('mawk          not installed: apt-get update && apt-get install -y mawk, then run again');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const range = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
// NODE_EXTRA_CA_CERTS (set by this machine's shell) makes every Node start read a certificate
// bundle first, about 35 ms here: runs without it are shown beside, the verdict is on the
// environment as given, as a user would run it.
const bare = process.env.NODE_EXTRA_CA_CERTS ? { ...process.env, NODE_EXTRA_CA_CERTS: '' } : undefined;
const ours = [];
const oursBare = [];
const theirs = [];
let report;
for (let i = 0; i < runs; i++) {
  const r = await measure(process.execPath, [cli, 'log', file, '--json']);
  if (r.code !== 0 && r.code !== 1) {
    console.error(`eas-doctor log failed (exit ${r.code}):\n${r.err}`);
    process.exit(1);
  }
  report ??= JSON.parse(r.out);
  ours.push(r);
  if (mawk) theirs.push(await measure(mawk, [awkProgram, file]));
  if (bare) oursBare.push(await measure(process.execPath, [cli, 'log', file, '--json'], bare));
}
const secs = (rs) => rs.map((r) => r.seconds);
console.log(
  `eas-doctor log  median ${median(secs(ours)).toFixed(2)} s (${range(secs(ours))} over ${runs} runs)  CPU ${median(ours.map((r) => r.cpu)).toFixed(2)} s  peak RSS ${Math.max(...ours.map((r) => r.peakMb)).toFixed(0)} MB  (${report.requests} requests, ${report.users} users, ${report.failing.users} failing, ${report.threads} threads)`,
);
if (mawk) {
  console.log(`mawk            median ${median(secs(theirs)).toFixed(2)} s (${range(secs(theirs))})  CPU ${median(theirs.map((r) => r.cpu)).toFixed(2)} s  peak RSS ${Math.max(...theirs.map((r) => r.peakMb)).toFixed(0)} MB  (${theirs[0].out.trim()})`);
  const ratio = median(secs(ours)) / median(secs(theirs));
  const each = ours.map((r, i) => (r.seconds / theirs[i].seconds).toFixed(2)).join(' ');
  console.log(`eas-doctor / mawk: ${ratio.toFixed(2)}x of the medians ${ratio <= 1 ? '(target met)' : '(slower than mawk)'}; run by run: ${each}`);
  if (bare) {
    console.log(
      `without NODE_EXTRA_CA_CERTS: eas-doctor log median ${median(secs(oursBare)).toFixed(2)} s (${range(secs(oursBare))}), ${(median(secs(oursBare)) / median(secs(theirs))).toFixed(2)}x mawk (for reference only)`,
    );
  }
}
if (!keep && sizeMb > 400) rmSync(file, { force: true });
