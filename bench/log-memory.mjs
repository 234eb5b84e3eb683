#!/usr/bin/env node
// Benchmark: peak memory of `eas-doctor log` on inputs made to make it grow (issue 18, item
// 10), and on a normal 400 MB log. Each runs under /usr/bin/time -v; prints peak RSS, wall
// time and what the report said about truncation.
//
//   npm run build && node bench/log-memory.mjs          # all four cases
//   node bench/log-memory.mjs files users               # only those
//   node bench/log-memory.mjs --keep                    # keep the generated inputs in .bench/log-memory/
//
// Cases:
//   files   10,000 small files (a header and 3 lines each) in one folder
//   users   300,000 users, one device each, in one 36 MB file
//   layouts a 36 MB file whose every request line follows a #Fields: line of its own (two
//           layouts in turn, every other one with 2,000 more fields), then 20 lines that look
//           like the rest of a wrapped line
//   wrapped a #Fields: line of 3,000 fields, one request, then 200,000 short lines that look
//           like the rest of a wrapped line (each joined to the one before, its fields counted again)
//   errors  200,000 requests of 50 users, each with an Error: value of its own
//   normal  the 400 MB log of bench/log-scan.mjs (3,000 users)
//
// Target: every case under the bound README's "Reading IIS logs" states (peak RSS under
// 300 MB), the normal log as before (about 115-125 MB).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './log-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const all = ['files', 'users', 'layouts', 'wrapped', 'errors', 'normal'];
const chosen = args.filter((a) => all.includes(a));
const cases = chosen.length ? chosen : all;
const cli = process.env.EAS_DOCTOR_BENCH_CLI ?? path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run "npm run build" first.');
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  console.error('/usr/bin/time is missing: apt-get install -y time');
  process.exit(2);
}
const TARGET_MB = 300;
/** A run still going after this is stopped and reported as such. */
const TIMEOUT_S = 120;
const dir = path.join(root, '.bench', 'log-memory');
mkdirSync(dir, { recursive: true });

const FIELDS = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
const HEADER = `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-05-01 00:00:00\r\n#Fields: ${FIELDS}\r\n`;

/** One ActiveSync request line in the FIELDS layout (a user's 1st device). */
function line(second, user, status, cmd = 'Sync', referer) {
  const ts = new Date(Date.UTC(2024, 4, 1) + second * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const dev = `APPL${user.toString(16).toUpperCase().padStart(12, '0')}`;
  return `${ts} 10.0.1.20 POST /Microsoft-Server-ActiveSync/default.eas User=u${user}&DeviceId=${dev}&DeviceType=iPhone&Cmd=${cmd} 443 CONTOSO\\u${user} 203.0.113.${user % 250} Apple-iPhone15C2/2104.180${referer ? ' -' : ''} ${status} 0 0 31\r\n`;
}

/** Writes lines from `next()` (a string, or null at the end) to `file` in batches. */
function writeLines(file, next) {
  const fd = openSync(file, 'w');
  let batch = '';
  for (let s = next(); s !== null; s = next()) {
    batch += s;
    if (batch.length > 1 << 20) {
      writeSync(fd, batch);
      batch = '';
    }
  }
  writeSync(fd, batch);
  closeSync(fd);
}

function makeFiles() {
  const folder = path.join(dir, 'files');
  if (existsSync(path.join(folder, 'u_ex09999.log'))) return folder;
  mkdirSync(folder, { recursive: true });
  for (let f = 0; f < 10_000; f++) {
    const name = path.join(folder, `u_ex${String(f).padStart(5, '0')}.log`);
    let body = HEADER;
    for (let k = 0; k < 3; k++) body += line(f * 3 + k, (f * 3 + k) % 3000, k === 2 && f % 50 === 0 ? 401 : 200);
    const fd = openSync(name, 'w');
    writeSync(fd, body);
    closeSync(fd);
  }
  return folder;
}

function makeUsers() {
  const file = path.join(dir, 'users-300k.log');
  if (existsSync(file)) return file;
  let i = -1;
  writeLines(file, () => (++i === 0 ? HEADER : i <= 300_000 ? line(i, i, i % 7 === 0 ? 401 : 200) : null));
  return file;
}

function makeLayouts() {
  const file = path.join(dir, 'layouts-36mb.log');
  if (existsSync(file)) return file;
  let i = 0;
  let bytes = 0;
  const extra = Array.from({ length: 2000 }, (_, j) => `x-f${j}`).join(' ');
  writeLines(file, () => {
    if (bytes > 36 * 1024 * 1024) return null;
    i++;
    // A #Fields: line of its own before every request, alternating between the two usual
    // layouts (with and without cs(Referer)), every other one with 2,000 more fields named
    // anew, then lines that look like the rest of a wrapped line.
    const referer = i % 2 === 0;
    const fields = `${referer ? FIELDS.replace('cs(User-Agent)', 'cs(User-Agent) cs(Referer)') : FIELDS}${i % 4 < 2 ? ` ${extra} x-${i}` : ''}`;
    const s = `#Fields: ${fields}\r\n${line(i, i % 3000, i % 11 === 0 ? 503 : 200, 'Ping', referer)}${'wrapped-piece=abc&def\r\n'.repeat(20)}`;
    bytes += s.length;
    return s;
  });
  return file;
}

function makeWrapped() {
  const file = path.join(dir, 'wrapped-2mb.log');
  if (existsSync(file)) return file;
  let i = -1;
  const fields = `${FIELDS} ${Array.from({ length: 3000 }, (_, j) => `x-f${j}`).join(' ')}`;
  writeLines(file, () => (++i === 0 ? `#Fields: ${fields}\r\n${line(0, 1, 200)}` : i <= 200_000 ? `abc${i}\r\n` : null));
  return file;
}

function makeErrors() {
  const file = path.join(dir, 'errors-200k.log');
  if (existsSync(file)) return file;
  let i = -1;
  writeLines(file, () =>
    ++i === 0 ? HEADER : i <= 200_000 ? line(i, i % 50, 400 + (i % 100)).replace('&Cmd=Sync', `&Cmd=Sync&Log=Error:Unique${i}_`) : null,
  );
  return file;
}

function makeNormal() {
  const file = path.join(root, '.bench', 'eas-400mb.log');
  if (!existsSync(file) || Math.abs(statSync(file).size - 400 * 1024 * 1024) > 4 * 1024 * 1024) generate(file, 400 * 1024 * 1024);
  return file;
}

const makers = { files: makeFiles, users: makeUsers, layouts: makeLayouts, wrapped: makeWrapped, errors: makeErrors, normal: makeNormal };

/** `eas-doctor log INPUT --json` under /usr/bin/time -v: peak RSS (MB), wall time (s), the report. */
function run(input) {
  const r = spawnSync('/usr/bin/time', ['-v', 'timeout', '-s', 'KILL', String(TIMEOUT_S), process.execPath, cli, 'log', input, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const peak = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  return { code: r.status, peak, seconds, report, stderr: r.stderr };
}

const size = (p) => {
  const st = statSync(p);
  if (st.isFile()) return st.size;
  return spawnSync('du', ['-sb', p], { encoding: 'utf8' }).stdout.split('\t')[0] * 1;
};

console.log(`eas-doctor log, peak RSS by input (target: under ${TARGET_MB} MB each)`);
let failed = 0;
for (const name of cases) {
  const t = performance.now();
  const input = makers[name]();
  const made = (performance.now() - t) / 1000;
  // Warm the page cache: the first run should not measure the disk.
  spawnSync('sh', ['-c', `cat ${JSON.stringify(input)}${statSync(input).isDirectory() ? '/*' : ''} > /dev/null`]);
  const r = run(input);
  if (/Command terminated by signal 9/.test(r.stderr)) {
    console.log(`${name.padEnd(8)} ${(size(input) / 1024 / 1024).toFixed(0).padStart(4)} MB: did not finish in ${TIMEOUT_S} s (stopped)`);
    failed++;
    continue;
  }
  if (r.code !== 0 && r.code !== 1) {
    console.log(`${name.padEnd(8)} failed (exit ${r.code}): ${r.stderr.split('\n').slice(0, 5).join(' | ')}`);
    failed++;
    continue;
  }
  const rep = r.report ?? {};
  const truncated = rep.truncated ? ` truncated ${JSON.stringify(rep.truncated)}` : '';
  const met = r.peak < TARGET_MB;
  if (!met) failed++;
  console.log(
    `${name.padEnd(8)} ${(size(input) / 1024 / 1024).toFixed(0).padStart(4)} MB${made > 1 ? ` (made in ${made.toFixed(1)} s)` : ''}: peak RSS ${r.peak.toFixed(0)} MB, ${r.seconds.toFixed(2)} s, ` +
      `${rep.files?.length ?? '?'} file(s), ${rep.requests ?? '?'} requests, ${rep.users ?? '?'} users${truncated} ${met ? '(target met)' : '(OVER TARGET)'}`,
  );
}
if (!keep) rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
