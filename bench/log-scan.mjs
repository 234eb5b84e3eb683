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
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

// --- generator ---------------------------------------------------------------------------
function generate(out, bytes) {
  let seed = 42;
  // mulberry32: small, fast, and good enough to spread users evenly.
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const users = Array.from({ length: 3000 }, (_, i) => `user${i}`);
  const types = ['iPhone', 'iPad', 'Android', 'SAMSUNGSMG991B', 'WindowsMail', 'Outlook'];
  const devices = users.map((u, i) => [`${types[i % types.length].toUpperCase()}${(i * 7919).toString(16).toUpperCase().padStart(12, '0')}`, types[i % types.length]]);
  const cmds = ['Sync', 'Sync', 'Sync', 'Ping', 'Ping', 'FolderSync', 'GetItemEstimate', 'SendMail', 'Settings', 'ItemOperations'];
  // A few users with a story: the rest sync fine.
  const story = (i) => (i % 97 === 0 ? 'auth' : i % 89 === 0 ? 'fqdn' : i % 83 === 0 ? '449' : i % 79 === 0 ? '403' : i % 73 === 0 ? '503' : i % 71 === 0 ? '500' : 'ok');
  const fields1 = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
  const fields2 = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
  const header = (f) => `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-05-01 00:00:00\r\n${f}\r\n`;
  const fd = openSync(out, 'w');
  let written = 0;
  let second = 0;
  let ts = '2024-05-01 00:00:00';
  let batch = header(fields1);
  let referer = true;
  while (written < bytes) {
    for (let k = 0; k < 2000; k++) {
      if (rnd() < 0.3) {
        second++;
        ts = new Date(Date.UTC(2024, 4, 1) + second * 1000).toISOString().slice(0, 19).replace('T', ' ');
      }
      const i = Math.floor(rnd() * users.length);
      const user = users[i];
      const [dev, type] = devices[i];
      const kind = story(i);
      const cmd = pick(cmds);
      const backEnd = rnd() < 0.5;
      let status = 200;
      let log = '';
      let name = `CONTOSO\\${user}`;
      if (kind === 'auth' || kind === 'fqdn') status = 401;
      if (kind === 'fqdn') name = `contoso.local\\${user}`;
      if (kind === '449') { status = 449; log = 'Error:DeviceNotProvisioned_As:BlockedP_'; }
      if (kind === '403') { status = 403; log = 'Error:UserPrincipalCouldNotBeFound_'; }
      if (kind === '503' && rnd() < 0.8) status = 503;
      if (kind === '500' && rnd() < 0.8) status = 500;
      if (kind === 'ok' && rnd() < 0.01) status = 401;
      const stem = backEnd ? '/Microsoft-Server-ActiveSync/Proxy/default.eas' : '/Microsoft-Server-ActiveSync/default.eas';
      const q = backEnd
        ? `User=${user}&DeviceId=${dev}&DeviceType=${type}&Cmd=${cmd}&Log=PrxFrom:10.0.1.${10 + (i % 4)}_V160_Ver1:160_HH:mail.contoso.com_SmtpAdrs:${user}%40contoso.com_Fet:${Math.floor(rnd() * 9000)}_Pk:4016830080_DevOS:iOS+17.4_As:AllowedG_${log}Mbx:MBX${i % 6}.contoso.com_Cpo:${Math.floor(rnd() * 500)}_Throttle:0`
        : `User=${user}&DeviceId=${dev}&DeviceType=${type}&Cmd=${cmd}`;
      const port = backEnd ? 444 : 443;
      const cip = backEnd ? `10.0.1.${10 + (i % 4)}` : `203.0.113.${i % 250}`;
      const ua = type === 'iPhone' ? 'Apple-iPhone15C2/2104.180' : 'Android-SAMSUNG-SM-G991B/101.00001';
      batch += `${ts} 10.0.1.20 POST ${stem} ${q} ${port} ${status === 401 && kind === 'ok' ? '-' : name} ${cip} ${ua}${referer ? ' -' : ''} ${status} 0 0 ${Math.floor(rnd() * 900) + 15}\r\n`;
      if (rnd() < 0.03) batch += `${ts} 10.0.1.20 GET /owa/service.svc action=GetItem 443 CONTOSO\\${user} ${cip} Mozilla/5.0${referer ? ' -' : ''} 200 0 0 31\r\n`;
    }
    // The field set changes once, as after an IIS configuration change.
    if (referer && written > bytes / 2) {
      referer = false;
      batch += header(fields2);
    }
    written += writeSync(fd, batch);
    batch = '';
  }
  closeSync(fd);
}

// --- measuring -----------------------------------------------------------------------------
const hasTime = existsSync('/usr/bin/time');

/** Runs a command; returns wall seconds and peak RSS in MB (from /usr/bin/time or /proc polling). */
function measure(cmd, argv, env = process.env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = hasTime
      ? spawn('/usr/bin/time', ['-f', '@@peak %M %U %S', cmd, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env })
      : spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    let peakKb = 0;
    const poll = hasTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peakKb = Math.max(peakKb, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 20);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      const m = /@@peak (\d+) ([\d.]+) ([\d.]+)/.exec(err);
      if (m) peakKb = Number(m[1]);
      const cpu = m ? Number(m[2]) + Number(m[3]) : NaN;
      resolve({ code, seconds, cpu, peakMb: peakKb / 1024, out, err: err.replace(/@@peak [\d. ]+\s*/, '') });
    });
  });
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
