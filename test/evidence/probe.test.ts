// The iis.log probe: its descriptor is registered, and it classifies only.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { probe } from '../../src/probes/iis-log.js';
import { runProbe } from '../../src/probes/registry.js';
import type { ProbeContext } from '../../src/probes/types.js';
import { STORY_CLASSIFICATIONS } from '../../src/evidence/index.js';
import { logText, writeLogs } from './helpers.js';

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures', 'logs');
const ctx = (over: Partial<ProbeContext> = {}): ProbeContext => ({ signal: new AbortController().signal, deadline: Date.now() + 10_000, now: Date.now, ...over });

describe('iis.log probe', () => {
  test('is in the catalog with the story classifications and a verdict for each', () => {
    const d = probeCatalog.get('iis.log');
    expect(d?.classifications).toEqual([...STORY_CLASSIFICATIONS]);
    for (const c of STORY_CLASSIFICATIONS) expect(d?.verdicts[c], c).toMatch(/pass|warn|fail/);
    expect(Object.keys(d?.params ?? {})).toEqual(['file', 'user', 'device', 'since', 'until']);
  });

  test('tells one user\'s story from a comma-separated list of files (seed 000)', async () => {
    const file = ['seed-000-cas2013-W3SVC1.log', 'seed-000-cas2010.log'].map((f) => path.join(fixtures, f)).join(',');
    const r = await runProbe('iis.log', { file, user: 'User2' }, ctx());
    expect(r.classification).toBe('domain-mismatch');
    expect(r.summary).toMatch(/^user User2: signs in as domain\.local\\User2/);
    expect(r.evidence).toMatchObject({ requests: 36, story: { continueAt: 'auth#default-domain', byStatus: { '401': 12 } } });
  });

  test('a device story (seed 002), and a device that is not in the logs', async () => {
    const file = path.join(fixtures, 'seed-002-pasted.txt');
    expect((await probe.run({ file, device: 'IMEIXXXXXXXX' }, ctx())).classification).toBe('device-not-provisioned');
    expect((await probe.run({ file, device: 'NOPE' }, ctx())).classification).toBe('no-requests');
  });

  test('without user or device: the worst story in the logs, or ok, or no-requests', async () => {
    const [bad, good, owa] = writeLogs({
      'bad.log': logText([{ at: '10:00:00', user: 'alice' }, { at: '10:00:01', user: 'bob', status: 503 }]),
      'good.log': logText([{ at: '10:00:00', user: 'alice' }]),
      'owa.log': '#Fields: date time cs-method cs-uri-stem sc-status\n2024-05-01 10:00:00 GET /owa/ 200\n',
    });
    const worst = await probe.run({ file: bad! }, ctx());
    expect(worst).toMatchObject({ classification: 'throttled', evidence: { failingUsers: 1, users: 2 } });
    expect((await probe.run({ file: good! }, ctx())).classification).toBe('ok');
    expect((await probe.run({ file: owa! }, ctx())).classification).toBe('no-requests');
  });

  test('since/until narrow the window; a bad time is an error that says what to write', async () => {
    const [f] = writeLogs({ 'a.log': logText([{ at: '09:00:00', user: 'bob', status: 401 }, { at: '10:00:00', user: 'bob' }]) });
    expect((await probe.run({ file: f!, user: 'bob', until: '2024-05-01 09:30' }, ctx())).classification).toBe('auth-loop');
    expect((await probe.run({ file: f!, user: 'bob', since: '2024-05-01 09:30' }, ctx())).classification).toBe('ok');
    const bad = await probe.run({ file: f!, since: 'last tuesday' }, ctx());
    expect(bad).toMatchObject({ classification: 'error' });
    expect(bad.summary).toMatch(/since "last tuesday" is not a time/);
  });

  test('a missing file is the error classification with the reason, not a throw', async () => {
    const r = await probe.run({ file: '/nonexistent/W3SVC1/u_ex240501.log' }, ctx());
    expect(r.classification).toBe('error');
    expect(r.summary).toMatch(/does not exist/);
  });

  test('stops reading when aborted', async () => {
    const [f] = writeLogs({ 'a.log': logText([{ at: '10:00:00', user: 'bob' }]) });
    const ac = new AbortController();
    ac.abort();
    const r = await probe.run({ file: f! }, ctx({ signal: ac.signal }));
    expect(r.classification).toBe('timeout');
  });
});
