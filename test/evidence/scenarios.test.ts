// One multi-file scenario per classification: a front-end log (W3SVC1, port 443) and a
// back-end log (W3SVC2, port 444 /Proxy/) as Exchange 2013 and later write them.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildStories, findStory, scanFiles, type StoryClassification } from '../../src/evidence/index.js';
import { logText, storyOf, writeLogs, type Req } from './helpers.js';

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures', 'logs');

/** Seconds after 10:00:00 -> HH:MM:SS. */
const at = (s: number) => `${String(10 + Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

/** Alice always syncs: the working user every scenario compares against. */
const alice = (s: number): Req[] => [
  { at: at(s), user: 'alice' },
  { at: at(s), user: 'alice', proxy: true, log: 'PrxFrom:10.0.0.10_V160_As:AllowedG_Mbx:MBX1.contoso.com_' },
];

/** A front-end line and its back-end twin, with the back end's Log= tokens. */
const both = (r: Req, log: string): Req[] => [r, { ...r, proxy: true, log: `PrxFrom:10.0.0.10_V160_${log}Mbx:MBX1.contoso.com_` }];

const scenarios: [StoryClassification, (s: number) => Req[]][] = [
  ['ok', (s) => (s === 0 ? both({ at: at(s), user: 'bob', status: 401, name: '-' }, '') : both({ at: at(s), user: 'bob' }, 'As:AllowedG_'))],
  ['auth-loop', (s) => both({ at: at(s), user: 'bob', status: 401 }, '')],
  ['domain-mismatch', (s) => both({ at: at(s), user: 'bob', status: 401, name: 'contoso.local\\bob' }, '')],
  [
    'device-not-provisioned',
    (s) => (s === 0 ? both({ at: at(s), user: 'bob', method: 'OPTIONS' }, '') : both({ at: at(s), user: 'bob', cmd: 'Settings', status: 449 }, 'Error:DeviceNotProvisioned_As:BlockedP_')),
  ],
  ['user-not-found', (s) => both({ at: at(s), user: 'bob', method: 'OPTIONS', status: 403 }, 'Error:UserPrincipalCouldNotBeFound_')],
  ['user-disabled', (s) => both({ at: at(s), user: 'bob', status: 403 }, 'Error:UserDisabledForSync_')],
  ['device-blocked', (s) => both({ at: at(s), user: 'bob' }, 'As:Quarantined_')],
  ['policy-refresh', (s) => (s < 3 ? both({ at: at(s), user: 'bob' }, 'As:AllowedG_') : both({ at: at(s), user: 'bob' }, 'S143_Error:PolicyRefresh_As:AllowedG_'))],
  ['redirect', (s) => both({ at: at(s), user: 'bob', cmd: 'FolderSync', status: 451 }, '')],
  ['throttled', (s) => (s < 2 ? both({ at: at(s), user: 'bob' }, 'As:AllowedG_') : both({ at: at(s), user: 'bob', status: 503 }, 'Throttle:1_'))],
  ['server-error', (s) => both({ at: at(s), user: 'bob', cmd: 'FolderSync', status: 500 }, '')],
];

describe('a front-end and a back-end log per classification', () => {
  test.for(scenarios)('%s', async ([expected, bob]) => {
    const fe: Req[] = [];
    const be: Req[] = [];
    for (let s = 0; s < 10 * 60; s += 60) {
      for (const r of [...alice(s), ...bob(s + 5)]) (r.proxy ? be : fe).push(r);
    }
    const files = writeLogs({ 'W3SVC1-u_ex240501.log': logText(fe), 'W3SVC2-u_ex240501.log': logText(be) });
    const { scan, story, stories } = await storyOf(files, 'bob');
    expect(scan.garbage).toBe(0);
    expect(story.classification).toBe(expected);
    expect(story.frontEnds).toEqual(['10.0.0.10']);
    expect(story.mailboxServers).toEqual(['MBX1.contoso.com']);
    expect(story.samples.length).toBeGreaterThan(0);
    expect(findStory(stories, { user: 'alice' }).classification).toBe('ok');
    const device = findStory(stories, { device: 'DEVBOB' });
    expect(device.classification).toBe(expected);
    if (expected !== 'ok') expect(stories.users[0]!.id).toBe('bob');
  });

  test('no-requests: the user never reached this server', async () => {
    const files = writeLogs({ 'W3SVC1.log': logText(alice(0).filter((r) => !r.proxy)), 'W3SVC2.log': logText(alice(0).filter((r) => r.proxy)) });
    const { story } = await storyOf(files, 'bob');
    expect(story).toMatchObject({ classification: 'no-requests', continueAt: 'connectivity#start', requests: 0 });
  });

  test('a user with one broken device and one working device: the user story names the broken one', async () => {
    const reqs: Req[] = [];
    for (let s = 0; s < 600; s += 60) reqs.push({ at: at(s), user: 'bob', device: 'IPAD1' }, { at: at(s + 1), user: 'bob', device: 'ANDROID2', type: 'Android', status: 449 });
    const { story } = await storyOf(writeLogs({ 'a.log': logText(reqs) }), 'bob');
    expect(story.classification).toBe('device-not-provisioned');
    expect(story.reason).toMatch(/^device ANDROID2: /);
    expect(story.pairs.map((p) => [p.deviceId, p.classification])).toEqual([
      ['ANDROID2', 'device-not-provisioned'],
      ['IPAD1', 'ok'],
    ]);
  });
});

describe('seed 000: Exchange 2013 CAS behind UAG, proxying to the 2010 CAS', () => {
  const files = [path.join(fixtures, 'seed-000-cas2013-W3SVC1.log'), path.join(fixtures, 'seed-000-cas2010.log')];

  test('users who sign in as domain.local\\user are the failing ones: domain-mismatch, continue at auth#default-domain', async () => {
    const stories = buildStories(await scanFiles(files));
    expect(stories.users.map((u) => [u.id, u.classification, u.continueAt])).toEqual([
      ['user2', 'domain-mismatch', 'auth#default-domain'],
      ['user3', 'domain-mismatch', 'auth#default-domain'],
      ['user1', 'ok', undefined],
    ]);
    const user2 = findStory(stories, { user: 'domain.local\\User2' });
    expect(user2.usernames).toEqual([{ name: 'domain.local\\User2', form: 'fqdn', count: 6, auth: 6 }]);
    expect(user2.reason).toContain('domain\\User1');
  });

  test('the front-end log alone shows 401s without names: auth-loop, continue at auth#start', async () => {
    const stories = buildStories(await scanFiles(files.slice(0, 1)));
    expect(findStory(stories, { user: 'User2' })).toMatchObject({ classification: 'auth-loop', continueAt: 'auth#start', byStatus: { '401': 6 } });
  });
});
