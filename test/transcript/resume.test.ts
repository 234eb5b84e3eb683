// Resuming on trees that changed since the session started, and sessions that ended.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { compileTrees, type CompiledTrees } from '../../src/compile/compile.js';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import type { ProbeRunner } from '../../src/probes/types.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import { openSessionStore, type StoreDeps } from '../../src/transcript/store.js';
import { fixtures } from '../helpers/load-trees.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eas-resume-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sample = (f: string) => fs.readFileSync(path.join(fixtures, 'trees/sample', f), 'utf8');

/** The sample trees with `net.yaml` edited, compiled. */
async function trees(name: string, edit: (net: string) => string = (x) => x): Promise<CompiledTrees> {
  const dir = path.join(tmp, `trees-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cert.yaml'), sample('cert.yaml'));
  fs.writeFileSync(path.join(dir, 'net.yaml'), edit(sample('net.yaml')));
  const r = await loadTreeSet(nodeTreeFs, [[dir]], probeCatalog);
  const errors = r.diagnostics.items.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('\n'));
  return compileTrees(r.set);
}

const original = await trees('original');
const runner: ProbeRunner = async () => ({ classification: 'refused', summary: 'refused', evidence: {}, durationMs: 1 });
const deps = (compiled: CompiledTrees, id = 'R1'): StoreDeps => {
  let t = 1_800_000_000_000;
  return { compiled, catalog: probeCatalog, runner, now: () => (t += 1000), newId: () => id };
};

/** A session on the original trees, stopped at cert#clock with two answers given. */
async function stopped(dataDir: string) {
  const store = openSessionStore({ dataDir });
  const s = await store.create(deps(original), { tree: 'net', ticket: 'INC-5' });
  s.answer('yes');
  s.input('host', 'mail.contoso.com');
  s.input('port', '443');
  s.answer('open');
  return { store, s };
}

const at = (v: { kind: string; key?: string }) => `${v.kind}:${v.key ?? ''}`;

describe('resume', () => {
  test('unchanged trees: exactly where it stopped, nothing to report', async () => {
    const { store } = await stopped(path.join(tmp, 'same'));
    const r = await store.resume('R1', deps(original));
    expect(r).toMatchObject({ action: 'continue', changes: [], messages: [] });
    expect(at(r.session.view())).toBe('question:cert/clock');
  });

  test('a changed tree whose answers still fit: says so, continues from the same step, notes it', async () => {
    const { store } = await stopped(path.join(tmp, 'reworded'));
    const now = await trees('reworded', (net) => net.replace('Can the device open a public web site?', 'Does a public web site open on the device?').replace('version: 2', 'version: 3'));
    const r = await store.resume('R1', deps(now));
    expect(r.action).toBe('continue');
    expect(r.changes).toMatchObject([{ tree: 'net', recorded: { version: 2 }, now: { version: 3 } }]);
    expect(r.messages.join('\n')).toMatch(/tree "net" changed since this session started: version 2 -> 3[\s\S]*still lead the same way/);
    expect(at(r.session.view())).toBe('question:cert/clock');
    const journal = (await store.load('R1')).events;
    expect(journal[journal.length - 1]).toMatchObject({ type: 'note', text: expect.stringMatching(/^Resumed on changed trees: net v2/) });
  });

  test('an answer the changed tree no longer has: that question is asked again', async () => {
    const { store } = await stopped(path.join(tmp, 'answer-gone'));
    const now = await trees('answer-gone', (net) => net.replace('open: {label: "Yes, it accepts them", goto: "cert#start"}', 'accepts: {label: "Yes, it accepts them", goto: "cert#start"}').replace('connected: open', 'connected: accepts'));
    const r = await store.resume('R1', deps(now));
    expect(r.action).toBe('ask-again');
    expect(r.messages.join('\n')).toMatch(/"net#port-open" no longer has the answer "open"; that question is asked again/);
    expect(at(r.session.view())).toBe('question:net/port-open');
    expect(r.session.inputs()).toEqual({ host: 'mail.contoso.com', port: '443' });
  });

  test('a walk the changed tree sends elsewhere: restarts from the first question, inputs kept', async () => {
    const { store } = await stopped(path.join(tmp, 'rerouted'));
    const now = await trees('rerouted', (net) => net.replace('yes: port-open', 'yes: fix-device-network').replace(/\ntests:[\s\S]*$/, '\n'));
    const r = await store.resume('R1', deps(now));
    expect(r.action).toBe('restart');
    expect(r.messages.join('\n')).toMatch(/step 2 was answered at "net#port-open", but the walk now reaches "net#fix-device-network" there; the walk restarts/);
    expect(at(r.session.view())).toBe('question:net/internet');
    expect(r.session.inputs()).toEqual({ host: 'mail.contoso.com', port: '443' });
  });

  test('a start node that is gone: a new session in the same tree, same ticket and inputs', async () => {
    const { store } = await stopped(path.join(tmp, 'start-gone'));
    const now = await trees('start-gone', (net) => net.replace('start: internet', 'start: reach').replace('  internet:\n', '  reach:\n'));
    const r = await store.resume('R1', deps(now, 'R2'));
    expect(r.action).toBe('new-session');
    expect(r.session.id).toBe('R2');
    expect(r.session.ticket).toBe('INC-5');
    expect(r.session.inputs()).toEqual({ host: 'mail.contoso.com', port: '443' });
    expect((await store.list()).map((s) => s.id).sort()).toEqual(['R1', 'R2']);
  });

  test('a dry run says what a resume would do and writes nothing', async () => {
    const { store } = await stopped(path.join(tmp, 'dry'));
    const before = fs.readFileSync(store.fileFor('R1'), 'utf8');
    const now = await trees('dry', (net) => net.replace('yes: port-open', 'yes: fix-device-network').replace(/\ntests:[\s\S]*$/, '\n'));
    const r = await store.resume('R1', deps(now), { dryRun: true });
    expect(r.action).toBe('restart');
    r.session.answer('no');
    expect(fs.readFileSync(store.fileFor('R1'), 'utf8')).toBe(before);
  });

  test('an abandoned session reopens where it stopped; resolved and escalated ones do not', async () => {
    const { store, s } = await stopped(path.join(tmp, 'abandoned'));
    s.abandon();
    expect((await store.list())[0]!.status).toBe('abandoned');
    const r = await store.resume('R1', deps(original));
    expect(r.messages).toContain('session R1 was abandoned; it is reopened where it stopped');
    expect(at(r.session.view())).toBe('question:cert/clock');
    r.session.answer('no');
    expect((await store.list())[0]!.status).toBe('open');
    r.session.fixed();
    expect((await store.list())[0]!.status).toBe('resolved');
    const closed = await store.resume('R1', deps(original));
    expect(closed.action).toBe('closed');
    expect(closed.messages.join()).toMatch(/session R1 is resolved; there is nothing to resume/);
  });
});

describe('journal', () => {
  test('a probe that echoes the password it was given: the journal still never holds it', async () => {
    const password = 'echoed-Pa55-word';
    const leaky: ProbeRunner = async (_id, _params, ctx) => ({ classification: 'refused', summary: `tried with ${ctx.secrets?.password ?? 'nothing'}`, evidence: { echo: ctx.secrets?.password ?? null }, durationMs: 1 });
    const { compileFixtures } = await import('../helpers/load-trees.js');
    const compiled = await compileFixtures('trees/transcript');
    const store = openSessionStore({ dataDir: path.join(tmp, 'leaky') });
    const s = await store.create({ ...deps(compiled), runner: leaky }, { tree: 'mailbox' });
    for (const [k, v] of Object.entries({ server: 'mail.contoso.com', user: 'jdoe', port: '443', password })) s.input(k, v);
    const outcome = await s.runProbe();
    expect(outcome?.summary).toBe(`tried with ${password}`); // in memory, the probe saw it
    s.note(`typed ${password} into a note by mistake`);
    const journal = fs.readFileSync(store.fileFor('R1'), 'utf8');
    expect(journal).not.toContain(password);
    expect(journal).toContain('tried with [secret]');
    expect(journal).toContain('typed [secret] into a note');
  });

  test('every event is on disk when the step returns (one write and one fsync each; the folder once)', async () => {
    const calls: string[] = [];
    const real = fs as unknown as Record<string, (...a: unknown[]) => unknown>;
    const spy = new Proxy(real, { get: (t, k: string) => (k === 'writeSync' || k === 'fsyncSync' ? (...a: unknown[]) => (calls.push(k), t[k]!(...a)) : t[k]) });
    const store = openSessionStore({ dataDir: path.join(tmp, 'fsync'), fs: spy as never });
    const s = await store.create(deps(original), { tree: 'net' });
    s.answer('yes');
    s.input('host', 'h.example');
    expect(calls).toEqual(['writeSync', 'fsyncSync', 'fsyncSync', 'writeSync', 'fsyncSync', 'writeSync', 'fsyncSync']);
  });
});
