import { describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import type { ProbeRunner } from '../../src/probes/types.js';
import { Session, type SessionDeps } from '../../src/session/session.js';
import { compileFixtures } from '../helpers/load-trees.js';

const compiled = await compileFixtures('trees/sample');

function deps(runner: ProbeRunner = async () => ({ classification: 'connected', summary: 'ok', evidence: {}, durationMs: 1 })): SessionDeps {
  let t = 1_700_000_000_000;
  return { compiled, catalog: probeCatalog, runner, now: () => (t += 1000), newId: () => 'S1' };
}

function at(s: Session): string {
  const v = s.view();
  return v.kind === 'end' ? `end:${v.status}` : `${v.kind}:${v.key}`;
}

describe('session', () => {
  test('walks to a fix with inputs asked once, by the fix that uses them, and placeholders filled', () => {
    const s = Session.start(deps(), { tree: 'net' });
    expect(at(s)).toBe('question:net/internet');
    s.answer('yes');
    // The wording alone asks nothing: the values read as what they are.
    expect(at(s)).toBe('question:net/port-open');
    const q = s.view();
    expect(q.kind === 'question' && q.text).toBe('Does the external name of the EAS server accept connections on port the port?');
    s.answer('closed');
    expect(at(s)).toBe('input:net/fix-firewall');
    s.input('host', 'mail.contoso.com');
    expect(at(s)).toBe('input:net/fix-firewall');
    s.input('port', '443');
    expect(s.path()[1]).toMatchObject({ text: 'Does mail.contoso.com accept connections on port 443?' });
    const fix = s.view();
    expect(fix.kind).toBe('fix');
    if (fix.kind === 'fix') expect(fix.steps[0]!.run!.code).toBe('Test-NetConnection mail.contoso.com -Port 443');
    s.fixed();
    expect(s.status).toBe('resolved');
    expect(at(s)).toBe('end:resolved');
  });

  test('rejects an answer the question does not have, naming the valid ones', () => {
    const s = Session.start(deps(), { tree: 'net' });
    expect(() => s.answer('maybe')).toThrow(/answers: yes, no/);
  });

  test('rejects an input that does not fit its format', () => {
    const s = Session.start(deps(), { tree: 'net' });
    s.answer('yes');
    s.answer('closed');
    expect(() => s.input('host', 'https://mail.contoso.com/owa')).toThrow(/without "https:\/\/"/);
    expect(at(s)).toBe('input:net/fix-firewall');
  });

  test('back undoes the last answer and pre-selects it; restart keeps inputs', () => {
    const s = Session.start(deps(), { tree: 'net' });
    s.answer('yes');
    s.input('host', 'mail.contoso.com');
    s.input('port', '443');
    s.answer('open');
    expect(at(s)).toBe('question:cert/clock');
    expect(s.back()).toBe(true);
    const v = s.view();
    expect(at(s)).toBe('question:net/port-open');
    expect(v.kind === 'question' && v.preselected).toBe('open');
    s.restart();
    expect(at(s)).toBe('question:net/internet');
    s.answer('yes');
    expect(at(s)).toBe('question:net/port-open');
    expect(s.inputs()).toEqual({ host: 'mail.contoso.com', port: '443' });
  });

  test('crosses trees and follows "did not help" across them', () => {
    const s = Session.start(deps(), { tree: 'net' });
    s.answer('yes');
    s.input('host', 'h.example');
    s.input('port', '443');
    s.answer('open');
    s.answer('yes');
    expect(at(s)).toBe('fix:cert/fix-renew');
    s.notFixed();
    expect(at(s)).toBe('escalate:net/escalate-network');
    expect(s.status).toBe('escalated');
    s.back();
    expect(at(s)).toBe('fix:cert/fix-renew');
    expect(s.status).toBe('open');
  });

  test('a probe result pre-selects the mapped answer and is recorded', async () => {
    const s = Session.start(deps(async () => ({ classification: 'refused', summary: 'refused', evidence: { port: 443 }, durationMs: 3 })), { tree: 'net' });
    s.answer('yes');
    s.input('host', 'h.example');
    s.input('port', '443');
    const outcome = await s.runProbe();
    expect(outcome?.classification).toBe('refused');
    expect(outcome?.params).toEqual({ host: 'h.example', port: '443' });
    const v = s.view();
    expect(v.kind === 'question' && v.probe?.suggested).toBe('closed');
    expect(v.kind === 'question' && v.probe?.verdict).toBe('fail');
    expect(s.history().some((e) => e.type === 'probe')).toBe(true);
  });

  test('a probe that overruns its deadline becomes a timeout; the walk goes on', async () => {
    const slow: ProbeRunner = (_id, _p, ctx) =>
      new Promise((resolve) => {
        const t = setTimeout(() => resolve({ classification: 'connected', summary: 'late', evidence: {}, durationMs: 5000 }), 5000);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve({ classification: 'timeout', summary: 'aborted at the deadline', evidence: {}, durationMs: 0 });
        });
        setTimeout(() => ctx.signal.aborted || resolve({ classification: 'timeout', summary: 'deadline', evidence: {}, durationMs: 0 }), Math.max(0, ctx.deadline - Date.now()));
      });
    const d = { ...deps(slow), now: Date.now };
    const s = Session.start(d, { tree: 'net' });
    s.answer('yes');
    s.input('host', 'h.example');
    s.input('port', '443');
    const outcome = await s.runProbe();
    expect(outcome?.classification).toBe('timeout');
    const v = s.view();
    expect(v.kind === 'question' && v.probe?.suggested).toBe('closed');
  });

  test('cancelling a probe aborts its signal and leaves the question open', async () => {
    let aborted = false;
    const hang: ProbeRunner = (_id, _p, ctx) =>
      new Promise((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
          resolve({ classification: 'error', summary: 'x', evidence: {}, durationMs: 0 });
        });
      });
    const s = Session.start(deps(hang), { tree: 'net' });
    s.answer('yes');
    s.input('host', 'h.example');
    s.input('port', '443');
    const running = s.runProbe();
    expect(s.view().kind === 'question' && (s.view() as { probe?: { running: boolean } }).probe?.running).toBe(true);
    s.cancelProbe();
    expect(await running).toBeUndefined();
    expect(aborted).toBe(true);
    expect(at(s)).toBe('question:net/port-open');
  });

  test('a snapshot restores the session exactly, through JSON', async () => {
    const s = Session.start(deps(async () => ({ classification: 'connected', summary: 'ok', evidence: {}, durationMs: 1 })), { tree: 'net', ticket: 'INC-1' });
    s.answer('yes');
    s.input('host', 'h.example');
    s.input('port', '443');
    await s.runProbe();
    s.note('user is on hotel Wi-Fi');
    const json = JSON.parse(JSON.stringify(s.snapshot()));
    const r = Session.restore(deps(), json);
    expect(r.view()).toEqual(s.view());
    expect(r.history()).toEqual(s.history());
    expect(r.ticket).toBe('INC-1');
  });
});

describe('session log', () => {
  test('answers record where they led; a resume reopens an abandoned session', () => {
    const s = Session.start(deps(), { tree: 'net' });
    s.answer('no');
    expect(s.history().at(-1)).toMatchObject({ type: 'answer', node: 'net/internet', answer: 'no', to: 'net/fix-device-network' });
    s.abandon();
    expect(s.status).toBe('abandoned');
    const r = Session.restore(deps(), s.snapshot());
    expect(r.status).toBe('abandoned');
    r.markResumed();
    expect(r.status).toBe('open');
    r.notFixed();
    expect(r.status).toBe('escalated');
    expect(r.history().filter((e) => e.type === 'fix-result')).toMatchObject([{ node: 'net/fix-device-network', to: 'net/escalate-network' }]);
  });

  test('a step the journal refuses (disk full) is not taken', () => {
    let full = false;
    const s = Session.start({ ...deps(), onEvent: () => {
      if (full) throw new Error('ENOSPC: no space left on device');
    } }, { tree: 'net' });
    full = true;
    expect(() => s.answer('no')).toThrow(/ENOSPC/);
    expect(s.view().kind).toBe('question');
    expect(s.history()).toHaveLength(1);
  });
});

test('the view says when the user chose to answer a probe question by hand; back keeps that choice, restart clears it', () => {
  const s = Session.start(deps(), { tree: 'net' });
  s.answer('yes');
  s.input('host', 'h.example');
  s.input('port', '443');
  const probeOf = () => (s.view() as { probe?: { skipped: boolean } }).probe;
  expect(probeOf()?.skipped).toBe(false);
  s.skipProbe();
  expect(probeOf()?.skipped).toBe(true);
  s.answer('open');
  s.back();
  expect(probeOf()?.skipped).toBe(true);
  s.restart();
  s.answer('yes');
  expect(probeOf()?.skipped).toBe(false);
});
