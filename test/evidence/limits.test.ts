// Reading limits: a gzip that expands without bound is capped, and a file cut or replaced while
// it is read is a warning; either way the report says it is partial.
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { runTask, type ScanTask } from '../../src/evidence/scan-task.js';
import { bin, root, runCli } from '../helpers/cli.js';
import { line, logText, tempDir, writeLogs, FIELDS_14 } from './helpers.js';

beforeAll(() => {
  if (!existsSync(bin) || !existsSync(path.join(root, 'dist', 'chunks', 'log-scan-worker.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
}, 60_000);

/** `#Fields:` then `bytes` worth of one request line, gzipped as it is generated (nothing held in memory). */
async function gzipOfRepeats(file: string, bytes: number): Promise<void> {
  const one = `${line({ at: '10:00:00', user: 'bob', status: 401 })}\r\n`;
  const block = Buffer.from(one.repeat(Math.ceil((1 << 20) / one.length)));
  async function* text() {
    yield Buffer.from(`#Fields: ${FIELDS_14}\r\n`);
    for (let n = 0; n < bytes; n += block.length) yield block;
  }
  await pipeline(Readable.from(text()), createGzip(), createWriteStream(file));
}

describe('gzip expansion is capped', () => {
  test('200 MB of one repeated line (about 250:1) stops at the cap with a warning naming the file and the cap; the report is partial', async () => {
    const dir = tempDir();
    await gzipOfRepeats(path.join(dir, 'bomb.log.gz'), 200 * 1024 * 1024);
    const json = await runCli(['log', 'bomb.log.gz', '--json'], { cwd: dir, env: { EAS_DOCTOR_LOG_WORKERS: '1' } });
    const report = JSON.parse(json.stdout) as { partial: boolean; requests: number; files: { warnings: string[] }[] };
    expect(report.partial).toBe(true);
    expect(report.files[0]!.warnings).toEqual([expect.stringMatching(/^bomb\.log\.gz after line \d+: the gzip file expands beyond the 100:1 cap/)]);
    // The lines before the cap were read: some, not all 200 MB of them.
    const total = Math.floor((200 * 1024 * 1024) / (line({ at: '10:00:00', user: 'bob', status: 401 }).length + 2));
    expect(report.requests).toBeGreaterThan(100_000);
    expect(report.requests).toBeLessThan(total / 2);
    const text = await runCli(['log', 'bomb.log.gz'], { cwd: dir, env: { EAS_DOCTOR_LOG_WORKERS: '1' } });
    expect(text.stderr).toMatch(/warning: bomb\.log\.gz after line \d+: the gzip file expands beyond the 100:1 cap/);
    expect(text.stdout).toContain('Partial report: 1 file(s) not read to the end');
  }, 30_000);

  test('a normal gzipped log reads fully and the report is not partial', async () => {
    const reqs = Array.from({ length: 5000 }, (_, i) => ({ at: `10:${String(Math.floor(i / 100) % 60).padStart(2, '0')}:00`, user: `u${i % 7}` }));
    const [f] = writeLogs({ 'u_ex240501.log.gz': gzipSync(logText(reqs)) });
    const r = await runCli(['log', f!, '--json']);
    const report = JSON.parse(r.stdout) as { partial: boolean; requests: number; files: { warnings: string[] }[] };
    expect(report).toMatchObject({ partial: false, requests: 5000 });
    expect(report.files[0]!.warnings).toEqual([]);
    expect(r.stderr).toBe('');
  });
});

describe('a file that changes while it is read', () => {
  /** A plain log of about 1 MiB (several 256 KiB reads), as a task scan-files.ts would make. */
  function bigLog(): ScanTask {
    const reqs = Array.from({ length: 6000 }, (_, i) => ({ at: '10:00:00', user: `u${i % 5}` }));
    const [file] = writeLogs({ 'u_ex240501.log': logText(reqs) });
    const size = Buffer.byteLength(logText(reqs));
    const { ino } = statSync(file!);
    return { id: 0, file: file!, label: 'u_ex240501.log', gzip: false, start: 0, end: -1, size, ino };
  }

  test('truncated below what was read (after the first read): a warning, not a silently short report', async () => {
    const task = bigLog();
    let reads = 0;
    const r = await runTask(task, undefined, { pos: 0, poll: () => void (++reads === 2 && truncateSync(task.file, 100_000)) });
    expect(r.warnings).toEqual([expect.stringMatching(/^u_ex240501\.log after line \d+: the file shrank from \d+ to 100000 bytes while it was read/)]);
  });

  test('replaced by another file (rotated) while it is read: a warning', async () => {
    const task = bigLog();
    const other = path.join(path.dirname(task.file), 'new.log');
    writeFileSync(other, logText([{ at: '11:00:00', user: 'x' }]));
    let reads = 0;
    const r = await runTask(task, undefined, { pos: 0, poll: () => void (++reads === 2 && renameSync(other, task.file)) });
    expect(r.warnings).toEqual([expect.stringMatching(/^u_ex240501\.log after line \d+: the file was replaced while it was read/)]);
  });

  test('a file left alone reads without a warning', async () => {
    const r = await runTask(bigLog());
    expect(r.warnings).toEqual([]);
    expect(r.part.requests).toBe(6000);
  });
});
