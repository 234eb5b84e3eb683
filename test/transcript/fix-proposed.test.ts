// A session left at a fix (q, Ctrl-C, a closed terminal) reads "fix proposed" with the fix's
// title as its last step, in the store's list and in `eas-doctor sessions` (text and --json).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli } from '../helpers/main.js';
import { root } from '../helpers/cli.js';
import { catalog, compiled, stopAtFixAndAtQuestion, tempStore } from './fixture-session.js';

const { store, dir } = tempStore();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const { atFix } = await stopAtFixAndAtQuestion(store);
const TITLE = 'Reset the password of CONTOSO\\jdoe';
const env = { EAS_DOCTOR_HOME: dir, EAS_DOCTOR_TREES: path.join(root, 'test', 'fixtures', 'trees', 'transcript') };

describe('a session that stopped at a fix', () => {
  test('the store names the fix when it is given the trees, and only then', async () => {
    expect(atFix.view()).toMatchObject({ kind: 'fix', key: 'mailbox/fix-password' });
    const list = await store.list({ compiled, catalog });
    expect(list.find((s) => s.id === 'S-FIX')).toMatchObject({ status: 'open', fixProposed: { node: 'mailbox/fix-password', title: TITLE }, lastStep: { text: TITLE } });
    expect(list.find((s) => s.id === 'S-ASK')).not.toHaveProperty('fixProposed');
    expect((await store.list()).find((s) => s.id === 'S-FIX')).not.toHaveProperty('fixProposed');
  });

  test('`sessions` reads "fix proposed" with the fix title as the last step; other open sessions read open', async () => {
    const r = await cli(['sessions'], env);
    expect(r.code).toBe(0);
    const row = (id: string) => r.stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(row('S-FIX')).toMatch(/ fix proposed +\d\d:\d\d Reset the password of CONTOSO\\jdoe$/);
    expect(row('S-ASK')).toMatch(/ open +\d\d:\d\d /);
    expect(row('S-ASK')).not.toContain('fix proposed');
  });

  test('`sessions --json` gives the proposed fix and its title as the last step', async () => {
    const r = await cli(['sessions', '--json'], env);
    const doc = JSON.parse(r.stdout) as { sessions: Array<{ id: string; status: string; fixProposed: unknown; lastStep: { text: string } }> };
    const byId = Object.fromEntries(doc.sessions.map((s) => [s.id, s]));
    expect(byId['S-FIX']).toMatchObject({ status: 'open', fixProposed: { node: 'mailbox#fix-password', title: TITLE }, lastStep: { text: TITLE } });
    expect(byId['S-ASK']).toMatchObject({ status: 'open', fixProposed: null });
  });

  test('`sessions` still lists when the trees have errors, without naming fixes', async () => {
    const broken = fs.mkdtempSync(path.join(dir, 'broken-trees-'));
    fs.writeFileSync(path.join(broken, 'bad.yaml'), 'id: bad\ntitle: [unclosed\n');
    const r = await cli(['sessions', '--json'], { ...env, EAS_DOCTOR_TREES: broken });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { sessions: Array<{ id: string; fixProposed: unknown }> };
    expect(doc.sessions.map((s) => [s.id, s.fixProposed])).toEqual(expect.arrayContaining([['S-FIX', null]]));
  });
});
