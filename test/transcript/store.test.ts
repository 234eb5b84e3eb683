import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import type { ProbeRunner } from '../../src/probes/types.js';
import { dataDirFor, openSessionStore, type StoreDeps } from '../../src/transcript/store.js';
import { compileFixtures } from '../helpers/load-trees.js';

const compiled = await compileFixtures('trees/sample');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'eas-store-'));
  dirs.push(d);
  return d;
}

function deps(id = 'S1', runner: ProbeRunner = async () => ({ classification: 'refused', summary: 'refused', evidence: {}, durationMs: 1 })): StoreDeps {
  let t = 1_700_000_000_000;
  return { compiled, catalog: probeCatalog, runner, now: () => (t += 1000), newId: () => id };
}

describe('dataDirFor', () => {
  test.for([
    [{ HOME: '/home/a' }, undefined, '/home/a/.local/share/eas-doctor'],
    [{ HOME: '/home/a', XDG_DATA_HOME: '/xdg' }, undefined, '/xdg/eas-doctor'],
    [{ HOME: '/home/a', XDG_DATA_HOME: 'relative' }, undefined, '/home/a/.local/share/eas-doctor'],
    [{ HOME: '/home/a', XDG_DATA_HOME: '/xdg', EAS_DOCTOR_HOME: '/eas' }, undefined, '/eas'],
    [{ HOME: '/home/a', EAS_DOCTOR_HOME: '/eas' }, 'flag', '/work/flag'],
  ] as const)('%o %s -> %s', ([env, flag, want]) => {
    expect(dataDirFor(env, flag, '/work')).toBe(want);
  });
});

describe('session store', () => {
  test('journals every event as one line, and lists and loads the session', async () => {
    const store = openSessionStore({ dataDir: tmp() });
    const s = await store.create(deps(), { tree: 'net', ticket: 'INC-7', operator: 'ann' });
    s.answer('yes');
    s.input('host', 'mail.contoso.com');
    s.input('port', '443');
    s.note('hotel Wi-Fi');
    const lines = fs.readFileSync(store.fileFor('S1'), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['start', 'answer', 'input', 'input', 'note']);
    const list = await store.list();
    expect(list).toMatchObject([{ id: 'S1', ticket: 'INC-7', tree: 'net', status: 'open', lastStep: { text: 'note at net#port-open' } }]);
    const loaded = await store.load('S1');
    expect(loaded.events).toEqual(s.history());
  });

  test('a torn last line is ignored and reported, and resume cuts it off', async () => {
    const store = openSessionStore({ dataDir: tmp() });
    const s = await store.create(deps(), { tree: 'net' });
    s.answer('yes');
    fs.appendFileSync(store.fileFor('S1'), '{"type":"input","at":17000');
    const loaded = await store.load('S1');
    expect(loaded.events).toHaveLength(2);
    expect(loaded.problems).toMatchObject([{ kind: 'torn-line', line: 3 }]);
    const r = await store.resume('S1', deps());
    expect(r.action).toBe('continue');
    expect(r.session.view()).toMatchObject({ kind: 'question', key: 'net/port-open' });
    r.session.input('host', 'h.example');
    const again = await store.load('S1');
    expect(again.problems).toEqual([]);
    expect(again.events.map((e) => e.type)).toEqual(['start', 'answer', 'resume', 'input']);
  });

  test('a damaged line in the middle is skipped and reported; the rest reads', async () => {
    const store = openSessionStore({ dataDir: tmp() });
    const s = await store.create(deps(), { tree: 'net' });
    s.answer('yes');
    const file = store.fileFor('S1');
    const [first, second] = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, `${first}\n\u0000\u0000garbage\n${second}\n`);
    const loaded = await store.load('S1');
    expect(loaded.events.map((e) => e.type)).toEqual(['start', 'answer']);
    expect(loaded.problems).toMatchObject([{ kind: 'bad-line', line: 2 }]);
  });

  test('an unknown id names the sessions there are', async () => {
    const store = openSessionStore({ dataDir: tmp() });
    await store.create(deps('A1'), { tree: 'net' });
    await expect(store.load('B2')).rejects.toThrow(/no session "B2".*sessions: A1/);
    await expect(store.load('../etc/passwd')).rejects.toThrow(/not a session id/);
  });
});

describe('writeTranscripts', () => {
  test('writes the exports next to the journal, one file per format', async () => {
    const { writeTranscripts } = await import('../../src/transcript/write.js');
    const dir = tmp();
    const store = openSessionStore({ dataDir: dir });
    const s = await store.create(deps('W1'), { tree: 'net', ticket: 'INC-8' });
    s.answer('no');
    const files = await writeTranscripts(s.history(), { compiled, catalog: probeCatalog }, { dataDir: dir, formats: ['md', 'html', 'json'] });
    expect(files.map((f) => path.relative(dir, f))).toEqual(['exports/W1.md', 'exports/W1.html', 'exports/W1.json']);
    expect(fs.readFileSync(files[0]!, 'utf8')).toMatch(/^# Exchange ActiveSync troubleshooting: ticket INC-8/);
  });
});
