// Memory stays bounded whatever the log holds (issue 18, item 10): user-device pairs past a
// cap are counted, not kept, and the report says how many users and devices it left out; a
// signature type per line (an Error: value of its own) folds into "(other)". The real cap is
// 20,000 pairs (bench/log-memory.mjs measures it); here it is made small.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildStories, findStory, scanFiles } from '../../src/evidence/index.js';
import { DistinctCount } from '../../src/evidence/untracked.js';
import { bin, root, runCli } from '../helpers/cli.js';
import { logText, writeLogs, type Req } from './helpers.js';

beforeAll(() => {
  if (!existsSync(bin) || !existsSync(path.join(root, 'dist', 'chunks', 'log-scan-worker.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
}, 60_000);

/** 30 users on one device each, three requests apiece; u3 and u25 fail with 401s only (an auth loop). */
function thirtyUsers(): Req[] {
  const reqs: Req[] = [];
  for (let i = 0; i < 30; i++) {
    const failing = i === 3 || i === 25;
    for (let k = 0; k < 3; k++) reqs.push({ at: `10:${String(i).padStart(2, '0')}:0${k}`, user: `u${i}`, status: failing ? 401 : 200 });
  }
  return reqs;
}

const capped = { EAS_DOCTOR_LOG_MAX_PAIRS: '10', EAS_DOCTOR_LOG_WORKERS: '1' };

describe('past the cap on user-device pairs', () => {
  test('the text report says how many more users and devices it counted but does not list, and lists the tracked ones right', async () => {
    const [file] = writeLogs({ 'u_ex240501.log': logText(thirtyUsers()) });
    const r = await runCli(['log', file!], { env: capped });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('90 ActiveSync requests from 10 user(s) on 10 device(s)');
    expect(r.stdout).toContain(
      'Detail is kept for the first 10 user-device pairs: 20 more user(s) on 20 more device(s) (60 request(s), 3 failed) are in the counts above but not listed; --user and --device still find them.',
    );
    // u3 is among the first ten and fails: listed as it would be without the cap.
    expect(r.stdout).toMatch(/Failing users \(1 of 10\):\n {2}u3 +auth-loop/);
  });

  test('--json carries the same in "truncated"; without the cap it is null and every user is there', async () => {
    const [file] = writeLogs({ 'u_ex240501.log': logText(thirtyUsers()) });
    const r = JSON.parse((await runCli(['log', file!, '--json'], { env: capped })).stdout);
    expect(r.truncated).toEqual({ pairsTracked: 10, users: 20, devices: 20, requests: 60, failures: 3, estimated: false });
    expect(r.requests).toBe(90);
    expect(r.users).toBe(10);
    expect(r.failingUsers.map((s: { name: string }) => s.name)).toEqual(['u3']);
    const whole = JSON.parse((await runCli(['log', file!, '--json'], { env: { EAS_DOCTOR_LOG_WORKERS: '1' } })).stdout);
    expect(whole.truncated).toBeNull();
    expect(whole.users).toBe(30);
    expect(whole.failingUsers.map((s: { name: string }) => s.name)).toEqual(['u25', 'u3']);
  });

  test('--user of a user past the cap still tells that user\'s story (read again for that user alone)', async () => {
    const [file] = writeLogs({ 'u_ex240501.log': logText(thirtyUsers()) });
    const r = JSON.parse((await runCli(['log', file!, '--json', '--user', 'u25'], { env: capped })).stdout);
    expect(r.story).toMatchObject({ name: 'u25', classification: 'auth-loop', requests: 3, failures: 3 });
    const text = await runCli(['log', file!, '--user', 'u25'], { env: capped });
    expect(text.stdout).toContain('User u25: auth-loop');
  });

  test('a file split into ranges counts the same as one pass', async () => {
    const [file] = writeLogs({ 'u_ex240501.log': logText(thirtyUsers()) });
    const one = await scanFiles([file!], { workers: 1, maxCells: 10 });
    const split = await scanFiles([file!], { workers: 1, maxCells: 10, splitBytes: 1024 });
    expect(split.ranges).toBeGreaterThan(3);
    expect(split.untracked).toEqual(one.untracked);
    expect(one.untracked).toMatchObject({ users: 20, requests: 60 });
    expect(split.requests).toBe(90);
  });
});

describe('signature types', () => {
  test('an Error: value of its own on every line: past the types a scan keeps, they count under "(other)", and the totals stay right', async () => {
    const reqs: Req[] = [];
    for (let i = 0; i < 1500; i++) reqs.push({ at: `10:00:${String(i % 60).padStart(2, '0')}`, user: 'bob', status: 403, log: `Error:Unique${i}_` });
    const [file] = writeLogs({ 'u_ex240501.log': logText(reqs) });
    const scan = await scanFiles([file!], { workers: 1 });
    const story = findStory(buildStories(scan), { user: 'bob' });
    expect(story.requests).toBe(1500);
    expect(story.failures).toBe(1500);
    // A cell keeps 64 signatures: those named once each, the rest together under "(other)".
    expect(Object.keys(story.byError)).toHaveLength(65);
    expect(story.byError['(other)']).toBe(1500 - 64);
  });
});

describe('DistinctCount (how many more users)', () => {
  test('exact up to 4,096 values, then an estimate within a few per cent, in the same few kilobytes', () => {
    const c = new DistinctCount();
    for (let i = 0; i < 4096; i++) c.add(i * 2654435761);
    for (let i = 0; i < 4096; i++) c.add(i * 2654435761);
    expect(c.size).toBe(4096);
    expect(c.estimated).toBe(false);
    for (let i = 4096; i < 200_000; i++) c.add(i * 2654435761);
    expect(c.estimated).toBe(true);
    expect(Math.abs(c.size - 200_000) / 200_000).toBeLessThan(0.05);
    // A union, as when two threads' counts merge.
    const d = new DistinctCount();
    for (let i = 100_000; i < 300_000; i++) d.add(i * 2654435761);
    c.absorb(d);
    expect(Math.abs(c.size - 300_000) / 300_000).toBeLessThan(0.05);
  });
});

describe('many files', () => {
  test('each file is merged before the next is read, so results never pile up', async () => {
    // 400 small files read on this thread: each file's cell store is merged and dropped before
    // the next file's result arrives (it used to wait: 20,000 files held about 5,000 stores).
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`u_ex${String(i).padStart(4, '0')}.log`] = logText([{ at: '10:00:00', user: `u${i}`, status: i % 50 === 0 ? 401 : 200 }]);
    const scan = await scanFiles(writeLogs(files), { workers: 1 });
    expect(scan.files).toHaveLength(400);
    expect(scan.requests).toBe(400);
    expect(scan.pendingPeak).toBeLessThanOrEqual(2);
  });
});
