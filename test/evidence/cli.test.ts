// `eas-doctor log`, spawned from the built bin (dist/cli.js), with good and bad input.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { n } from '../../src/cli/commands/log.js';
import { bin, root, runCli } from '../helpers/cli.js';
import { line, logText, tempDir, writeLogs, FIELDS_14, FIELDS_15, type Req } from './helpers.js';

const fixtures = path.join(root, 'test', 'fixtures', 'logs');
const seed000 = [path.join(fixtures, 'seed-000-cas2013-W3SVC1.log'), path.join(fixtures, 'seed-000-cas2010.log')];
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

beforeAll(() => {
  if (!existsSync(bin) || !existsSync(path.join(root, 'dist', 'chunks', 'log-scan-worker.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
}, 60_000);

/** `log FILE --json --top 50` read by one thread, then by two (however small the file); the second says nothing on stderr. */
async function oneAndTwoThreads(file: string) {
  const one = await runCli(['log', file, '--json', '--top', '50'], { env: { EAS_DOCTOR_LOG_WORKERS: '1' } });
  const two = await runCli(['log', file, '--json', '--top', '50'], { env: { EAS_DOCTOR_LOG_WORKERS: '2', EAS_DOCTOR_LOG_PARALLEL_BYTES: '0' } });
  expect(two.stderr).toBe('');
  return { one, two };
}

describe('eas-doctor log (the built bin)', () => {
  test('reports failing users and devices with their classification and the tree node to continue at', async () => {
    const r = await runCli(['log', ...seed000, path.join(fixtures, 'public-lines.log')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Read 3 file\(s\), .*: 47 lines, 39 ActiveSync requests from 6 user\(s\) on 6 device\(s\)/);
    expect(r.stdout).toMatch(/^Failing users \(4 of 6\):$/m);
    expect(r.stdout).toMatch(/^ {2}User2 +domain-mismatch +12 failed of 12 +last 2013-10-15T\S+ +-> auth#default-domain$/m);
    expect(r.stdout).toMatch(/^ {2}Username +device-not-provisioned .* -> provisioning#policy-449$/m);
    expect(r.stdout).toMatch(/^ {2}XXXXX +user-not-found .* -> auth#inheritance$/m);
    expect(r.stdout).toMatch(/^Failing devices \(4 of 6\):$/m);
    expect(r.stdout).toMatch(/^Next: eas-doctor log .* --user user2 {3}\(that user's story\)$/m);
    expect(r.stderr).toBe('');
  });

  test('--user tells that user\'s story', async () => {
    const r = await runCli(['log', ...seed000, '--user', 'domain.local\\User2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('User User2: domain-mismatch');
    expect(r.stdout).toContain('Continue at: auth#default-domain');
    expect(r.stdout).toMatch(/^ {2}Status +401 ×12$/m);
    expect(r.stdout).toMatch(/^ {2}Failing cmds +Ping ×12$/m);
    expect(r.stdout).toMatch(/^ {2}Signed in as +domain\.local\\User2 \(fqdn\) ×6, 401 ×6$/m);
    expect(r.stdout).toMatch(/^ {4}test\/fixtures\/logs\/seed-000-cas2013-W3SVC1\.log:6 {2}2013-10-15 08:00:14 /m);
  });

  test('--user for someone the logs never saw: no-requests, look upstream', async () => {
    const r = await runCli(['log', ...seed000, '--user', 'nobody']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('User nobody: no-requests');
    expect(r.stdout).toContain('Continue at: connectivity#start');
  });

  test('--json: the same report as data', async () => {
    const r = await runCli(['log', ...seed000, '--json', '--device', 'ApplF1']);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ requests: 36, users: 3, failing: { users: 2, devices: 2 }, story: { kind: 'device', classification: 'domain-mismatch', continueAt: 'auth#default-domain' } });
    expect((report.failingUsers as { id: string }[]).map((u) => u.id)).toEqual(['user2', 'user3']);
  });

  test('logs where everyone syncs exit 0; gzip and --since/--until work from the command line', async () => {
    const [f] = writeLogs({ 'u_ex240501.log.gz': gzipSync(logText([{ at: '09:00:00', user: 'bob', status: 401 }, { at: '10:00:00', user: 'bob' }])) });
    const all = await runCli(['log', f!]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('No failing user: all 1 user(s) and 1 device(s) end in success.');
    const before = await runCli(['log', f!, '--until', '2024-05-01 09:30']);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('Left out 1 request(s) outside --since/--until.');
  });

  test('garbage only: counted, reported with its position, and no ActiveSync request means look upstream', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'junk.log'), 'hello\nworld\n');
    const r = await runCli(['log', 'junk.log'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Skipped 2 unreadable line(s); first at junk.log:1: not a W3C log line.');
    expect(r.stdout).toContain('Continue at: connectivity#start');
  });

  test.for([
    [['log'], /name at least one IIS log file/],
    [['log', 'x.log', '--since', 'last tuesday'], /--since "last tuesday" is not a time: use 2024-05-01/],
    [['log', 'x.log', '--top', '0'], /--top must be a whole number of at least 1/],
    [['log', 'x.log', '--colour'], /unknown option --colour/],
  ] as const)('bad usage %j exits 2 with the reason and a pointer to --help', async ([args, message]) => {
    const r = await runCli([...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Run "eas-doctor log --help" for usage.');
    noStack(r.stderr);
  });

  test('missing files: each named, where it was looked for, where IIS keeps logs; exit 2, no stack trace', async () => {
    const r = await runCli(['log', 'W3SVC1/u_ex240501.log', 'W3SVC9/*.log']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^eas-doctor log: "W3SVC1\/u_ex240501\.log" does not exist \(looked for .*W3SVC1\/u_ex240501\.log\); IIS writes Exchange logs to %SystemDrive%\\inetpub\\logs\\LogFiles\\W3SVC1 \(front end\) and W3SVC2 \(back end\)$/m);
    expect(r.stderr).toMatch(/^eas-doctor log: no file matches "W3SVC9\/\*\.log"$/m);
    expect(r.stdout).toBe('');
    noStack(r.stderr);
  });

  test('worker threads over byte ranges give the same report as one thread', async () => {
    const reqs: string[] = [];
    for (let i = 0; i < 90_000; i++) {
      const s = i * 2;
      const at = `${String(Math.floor(s / 3600) % 24).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
      const u = i % 50;
      const r: Req = { at, date: s < 86400 ? '2024-05-01' : '2024-05-02', user: `user${u}`, status: u % 7 === 0 ? 401 : u % 11 === 0 ? 503 : 200, proxy: i % 2 === 0, log: i % 2 === 0 ? 'PrxFrom:10.0.0.10_V160_As:AllowedG_' : undefined };
      reqs.push(line(r));
    }
    const text = `#Fields: ${FIELDS_14}\r\n${reqs.join('\r\n')}\r\n`;
    const [f] = writeLogs({ 'big.log': text });
    expect(text.length).toBeGreaterThan(16 * 1024 * 1024);
    const { one, two } = await oneAndTwoThreads(f!);
    const pick = (out: string) => {
      const r = JSON.parse(out) as { requests: number; lines: number; failing: unknown; failingUsers: { id: string; classification: string; unrecovered: number; failures: number }[] };
      return { requests: r.requests, lines: r.lines, failing: r.failing, users: r.failingUsers.map((u) => [u.id, u.classification, u.unrecovered, u.failures]) };
    };
    expect(pick(two.stdout)).toEqual(pick(one.stdout));
    expect(pick(one.stdout).requests).toBe(90_000);
  }, 30_000);

  test('a file split between two threads after a #Fields: change reads both halves with the right layout', async () => {
    // As after an IIS configuration change: cs(Referer) appears a little past the middle, so
    // the worker's half starts after the change whichever way the file is split.
    const n = 400_000;
    const reqs = (from: number, to: number, referer: boolean) => {
      const out: string[] = [];
      for (let i = from; i < to; i++) {
        const u = i % 40;
        const at = `${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
        out.push(line({ at, user: `user${u}`, status: u % 9 === 0 ? 449 : 200, proxy: true, log: `PrxFrom:10.0.0.10_V160_${u % 9 === 0 ? 'Error:DeviceNotProvisioned_As:BlockedP_' : 'As:AllowedG_'}Mbx:MBX1.contoso.com` }, referer));
        // A user seen only near the end, in the worker's half: their sample lines come from it.
        if (i > n * 0.95 && i % 100 === 0) out.push(line({ at, user: 'late', status: 503, proxy: true, log: 'PrxFrom:10.0.0.10_V160_Mbx:MBX1.contoso.com' }, referer));
      }
      return out.join('\r\n');
    };
    const text = `#Fields: ${FIELDS_14}\r\n${reqs(0, n * 0.45, false)}\r\n#Fields: ${FIELDS_15}\r\n${reqs(n * 0.45, n, true)}\r\n`;
    const [f] = writeLogs({ 'changed.log': text });
    // Large enough that the worker is up long before this thread is near the end.
    expect(text.length).toBeGreaterThan(100 * 1024 * 1024);
    const { one, two } = await oneAndTwoThreads(f!);
    const report = (out: string) => {
      const { threads, ...rest } = JSON.parse(out) as { threads: number; requests: number; repaired: number; garbage: number; failingUsers: { id: string; classification: string; failures: number }[] };
      return { threads, rest };
    };
    expect(report(one.stdout)).toMatchObject({ threads: 1, rest: { requests: n + 199, repaired: 0, garbage: 0 } }); // 199 late lines
    expect(report(two.stdout).threads).toBe(2);
    expect(report(two.stdout).rest).toEqual(report(one.stdout).rest);
    const failing = report(two.stdout).rest.failingUsers as unknown as { id: string; classification: string; samples: { line: number; text: string }[] }[];
    expect(failing.map((u) => u.classification)).toEqual([...Array(5).fill('device-not-provisioned'), 'throttled']);
    // The late user's sample is the worker's, read back from the file: the whole line, at its line number.
    const late = failing.find((u) => u.id === 'late')!;
    const lines = text.split('\r\n');
    expect(late.samples.length).toBeGreaterThan(0);
    for (const x of late.samples) expect(x.text).toBe(lines[x.line - 1]);
  }, 60_000);
});

describe('counts in the text report', () => {
  test('are grouped by thousands as en-US writes them, without loading ICU', () => {
    const enUS = new Intl.NumberFormat('en-US');
    for (const x of [0, 7, 999, 1000, 12_345, 1_318_753, 1_000_000, 3_274_000_123, Number.MAX_SAFE_INTEGER]) expect(n(x)).toBe(enUS.format(x));
  });
});
