import { describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import type { Session } from '../../src/session/session.js';
import { advanceLog, emptyLog, type LogState } from '../../src/ui/walk/index.js';
import { compiled, startSession } from './fixtures.js';

const step = (s: Session, state: LogState) => advanceLog(state, { events: s.history(), compiled, catalog: probeCatalog, view: s.view() });
const kinds = (state: LogState) => state.items.map((i) => i.kind);

describe('the walk log', () => {
  test('one line per answer, with its breadcrumb and filled question; nothing twice', () => {
    const s = startSession('triage');
    let log = step(s, emptyLog);
    expect(kinds(log)).toEqual(['start']);
    expect(step(s, log)).toBe(log);
    s.answer('no');
    log = step(s, log);
    expect(log.items[1]).toMatchObject({ kind: 'answer', crumb: 'Not sure yet › step 1', question: 'Does the phone receive any mail at all?', answer: 'No, nothing arrives' });
  });

  test('a check shows under the answer it led to, not before', async () => {
    const s = startSession('reach', async () => ({ classification: 'refused', summary: 'refused', evidence: {}, durationMs: 1 }));
    s.input('host', '127.0.0.1');
    s.input('port', '9');
    let log = step(s, emptyLog);
    await s.runProbe();
    log = step(s, log);
    expect(kinds(log)).toEqual(['start', 'input', 'input']);
    s.answer('closed', true);
    log = step(s, log);
    expect(log.items.at(-2)).toMatchObject({ kind: 'answer', byProbe: true, probe: { title: 'TCP connection', verdict: 'fail', summary: 'refused' } });
    expect(log.items.at(-1)).toMatchObject({ kind: 'fix', view: { title: 'Open port 9 to 127.0.0.1' } });
  });

  test('a fix card prints once when reached, again only after leaving it; the end comes after the card', () => {
    const s = startSession('triage');
    s.answer('no');
    s.answer('yes');
    let log = step(s, emptyLog);
    expect(kinds(log)).toEqual(['start', 'answer', 'answer', 'fix']);
    expect(step(s, log)).toBe(log);
    s.back();
    log = step(s, log);
    s.answer('yes');
    log = step(s, log);
    expect(kinds(log).slice(3)).toEqual(['fix', 'back', 'answer', 'fix']);
    // The back line names what it took back, and the fix shown above that no longer stands.
    expect(log.items[4]).toMatchObject({ kind: 'back', undone: [{ text: 'Does the phone show a certificate warning?', answer: 'Yes' }], card: 'Renew the Exchange certificate' });
    s.notFixed();
    log = step(s, log);
    expect(kinds(log).slice(-3)).toEqual(['fix-result', 'escalate', 'end']);
  });

  test('notes, restarts and secrets read as they should', () => {
    const s = startSession('triage');
    s.note('user on iPhone 12');
    s.answer('yes');
    s.restart();
    const log = step(s, emptyLog);
    expect(kinds(log)).toEqual(['start', 'note', 'answer', 'restart']);
    expect(log.items[3]).toMatchObject({ kind: 'restart', undone: [{ text: 'Does the phone receive any mail at all?', answer: 'Yes, but some is missing' }] });
    expect(log.items[1]).toMatchObject({ text: 'user on iPhone 12' });
  });
});
