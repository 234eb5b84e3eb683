// Work stealing between the two threads that read one file (range-claim.ts, scan-files.ts
// runSplit): the thread done first cuts the end off the other's range and reads it as a third
// range. Whichever thread cuts, the report is the one a single pass gives.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildStories, scanFiles, tellStory, type ScanResult } from '../../src/evidence/index.js';
import { newClaimWords, RangeClaim } from '../../src/evidence/range-claim.js';
import { root } from '../helpers/cli.js';
import { line, writeLogs, FIELDS_14, FIELDS_15 } from './helpers.js';

const MiB = 1024 * 1024;
const workerScript = pathToFileURL(path.join(root, 'dist', 'chunks', 'log-scan-worker.js'));

describe('RangeClaim', () => {
  test('a thief cuts what the reader has not promised to read, in two, once', () => {
    const words = newClaimWords(2);
    const reader = new RangeClaim(words, 1);
    const thief = new RangeClaim(words, 1);
    expect(reader.extend(100)).toBeUndefined();
    expect(reader.extend(50)).toBeUndefined(); // a promise is never taken back
    // 1,000 bytes left after 100: the thief's part is 200 bytes smaller than the reader's.
    expect(thief.steal(1100, 500, 200)).toEqual({ at: 100 + 600, from: 100 });
    expect(reader.cut()).toBe(700);
    // The reader learns it at its next promise, wherever that is, and stops at the cut.
    expect(reader.extend(400)).toBe(700);
    expect(reader.extend(5000)).toBe(700);
    expect(thief.steal(1100, 0, 0)).toBeUndefined();
    expect(reader.close()).toBe(700);
    // The other range's words are untouched.
    expect(new RangeClaim(words, 0).cut()).toBeUndefined();
  });

  test("the reader's #Fields: line is shared with a thief, also one at offset 0", () => {
    const words = newClaimWords(2);
    const reader = new RangeClaim(words, 0);
    expect(new RangeClaim(words, 0).layoutAt()).toBeUndefined();
    reader.setLayoutAt(0);
    expect(new RangeClaim(words, 0).layoutAt()).toBe(0);
    reader.setLayoutAt(5_000_000_000);
    expect(new RangeClaim(words, 0).layoutAt()).toBe(5_000_000_000);
    expect(new RangeClaim(words, 1).layoutAt()).toBeUndefined();
  });

  test('nothing is cut when too little is left, nor from a reader that is done', () => {
    const words = newClaimWords(1);
    const reader = new RangeClaim(words, 0);
    reader.extend(900);
    expect(reader.steal(1000, 200, 0)).toBeUndefined();
    expect(reader.steal(1000, 50, 100)).toBeUndefined(); // the thief's part would be empty
    expect(reader.close()).toBeUndefined();
    expect(reader.steal(1000, 0, 0)).toBeUndefined();
    expect(reader.cut()).toBeUndefined();
  });
});

describe('two threads on one file, one cutting the other', () => {
  beforeAll(() => {
    if (!existsSync(workerScript)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  }, 60_000);

  /**
   * About 64 MB over a day: 60 users, some failing for good, some recovering; a layout change
   * at 60 %; a user seen only at the very end (read by whichever thread took the end).
   */
  function bigLog(): string {
    const n = 200_000;
    const out = [`#Fields: ${FIELDS_14}`];
    for (let i = 0; i < n; i++) {
      if (i === n * 0.6) out.push(`#Fields: ${FIELDS_15}`);
      const s = Math.floor((i * 86_000) / n);
      const at = `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
      const u = i % 60;
      // user3: 401s until late in the day, then fine; user5: fine, then 503s to the end.
      const status = u % 7 === 0 ? 449 : u === 3 ? (i < n * 0.8 ? 401 : 200) : u === 5 ? (i < n * 0.3 ? 200 : 503) : 200;
      const log = `PrxFrom:10.0.0.10_V160_${status === 449 ? 'Error:DeviceNotProvisioned_As:BlockedP_' : 'As:AllowedG_'}Mbx:MBX1.contoso.com_${'x'.repeat(80)}`;
      out.push(line({ at, user: `user${u}`, status, proxy: true, log }, i >= n * 0.6));
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

  test('whichever thread is done first, the report is the one a single pass gives', async () => {
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

    // This thread keeps 5 % and is done long before the worker: it cuts the worker's range.
    // Then it keeps 95 %: the worker is done first and cuts this thread's.
    for (const mainShare of [0.05, 0.95]) {
      const two = await scanFiles([file!], { workers: 2, workerScript, mainShare, parallelMinBytes: 0, stealMinBytes: MiB });
      expect({ mainShare, workers: two.workers, ranges: two.ranges }).toEqual({ mainShare, workers: 2, ranges: 3 });
      expect(report(two)).toEqual(expected);
    }
  }, 120_000);
});
