// One file read by two threads (scan-files.ts runSplit) or in byte ranges: however it is cut,
// the report is the one a single pass gives, also when a range has to read its head again
// because a #Fields: change lies too far back for it to find.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildStories, scanFiles, tellStory, type ScanResult } from '../../src/evidence/index.js';
import { root } from '../helpers/cli.js';
import { line, writeLogs, FIELDS_14, FIELDS_15 } from './helpers.js';

const MiB = 1024 * 1024;
const workerScript = pathToFileURL(path.join(root, 'dist', 'chunks', 'log-scan-worker.js'));

describe('one file in parts', () => {
  beforeAll(() => {
    if (!existsSync(workerScript)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  }, 60_000);

  /**
   * About 64 MB over a day: 60 users, some failing for good, some recovering; a layout change
   * at 30 % (and its #Fields: line again at 95 %); a user seen only at the very end.
   */
  function bigLog(): string {
    const n = 200_000;
    const out = [`#Fields: ${FIELDS_14}`];
    for (let i = 0; i < n; i++) {
      // The layout changes at 30 %; the same #Fields: block again at 95 %, as IIS writes after a restart.
      if (i === n * 0.3 || i === n * 0.95) out.push('#Software: Microsoft Internet Information Services 10.0', `#Fields: ${FIELDS_15}`);
      const s = Math.floor((i * 86_000) / n);
      const at = `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
      const u = i % 60;
      // user3: 401s until late in the day, then fine; user5: fine, then 503s to the end.
      const status = u % 7 === 0 ? 449 : u === 3 ? (i < n * 0.8 ? 401 : 200) : u === 5 ? (i < n * 0.3 ? 200 : 503) : 200;
      const log = `PrxFrom:10.0.0.10_V160_${status === 449 ? 'Error:DeviceNotProvisioned_As:BlockedP_' : 'As:AllowedG_'}Mbx:MBX1.contoso.com_${'x'.repeat(80)}`;
      out.push(line({ at, user: `user${u}`, status, proxy: true, log }, i >= n * 0.3));
      if (i > n * 0.995 && i % 10 === 0) out.push(line({ at, user: 'late', status: 500, proxy: true, log: 'PrxFrom:10.0.0.10_V160_Mbx:MBX1.contoso.com' }, true));
    }
    return out.join('\r\n') + '\r\n';
  }

  const report = (s: ScanResult) => {
    const stories = buildStories(s);
    return {
      lines: s.lines,
      requests: s.requests,
      garbage: s.garbage,
      users: stories.users.map((u) => [u.id, u.classification, u.requests, u.failures, u.unrecovered, u.lastSeen]),
      told: stories.users.filter((u) => u.classification !== 'ok').map((u) => tellStory(u)),
    };
  };

  test('however the file is cut between threads and ranges, the report is the one a single pass gives', async () => {
    const text = bigLog();
    expect(text.length).toBeGreaterThan(60 * MiB);
    const [file] = writeLogs({ 'day.log': text });
    const one = await scanFiles([file!], { workers: 1 });
    expect(one.ranges).toBe(1);
    const expected = report(one);
    expect(Object.fromEntries(expected.told.map((u) => [u.id, u.classification]))).toEqual({
      user5: 'throttled',
      late: 'server-error',
      ...Object.fromEntries(['user0', 'user7', 'user14', 'user21', 'user28', 'user35', 'user42', 'user49', 'user56'].map((u) => [u, 'device-not-provisioned'])),
    });
    // Sample lines are read back from the file: each is the line at its number.
    const lines = text.split('\r\n');
    for (const u of expected.told) for (const x of u.samples) expect(x.text).toBe(lines[x.line - 1]);

    // Two threads, this one keeping 5 %, then 95 %, of what is left when the worker is up:
    // the worker's half starts before, then after, the layout change.
    for (const mainShare of [0.05, 0.95]) {
      const two = await scanFiles([file!], { workers: 2, workerScript, mainShare, parallelMinBytes: 0 });
      expect({ mainShare, workers: two.workers, ranges: two.ranges }).toEqual({ mainShare, workers: 2, ranges: 2 });
      expect(report(two)).toEqual(expected);
    }

    // Ranges of 8 MiB: one that starts more than 32 MiB after the layout changed does not find
    // the change looking back. It is read with the file's first layout, then its head (up to
    // its own #Fields: line) again with the right one when the ranges are merged. The counts
    // are those of one pass, #Fields: lines too.
    const late = await scanFiles([file!], { splitBytes: 8 * MiB });
    expect(late.ranges).toBe(Math.ceil(text.length / (8 * MiB)));
    expect({ directives: late.directives, ...report(late) }).toEqual({ directives: one.directives, ...expected });
  }, 120_000);
});
