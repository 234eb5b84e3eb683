import { describe, expect, test, vi } from 'vitest';
import { createProgressChannel, WalkScreen, type WalkServices } from '../../src/ui/walk/index.js';
import { walkKey } from '../../src/ui/walk/use-walk-state.js';
import type { Session } from '../../src/session/session.js';
import { compiled, manualRunner, startSession } from './fixtures.js';
import { KEY, renderUi } from './render.js';

function walk(session: Session, over: Partial<WalkServices> = {}) {
  const services: WalkServices = { copy: vi.fn(async () => 'Copied the command'), exportTranscript: vi.fn(async () => 'Exported to /tmp/t.md'), progress: createProgressChannel(), ...over };
  const onExit = vi.fn();
  const ui = renderUi(<WalkScreen session={session} compiled={compiled} services={services} onExit={onExit} />);
  return { ui, services, onExit };
}

describe('walk keys', () => {
  test.for([
    ['b', {}, 'main', false, 'back'],
    ['', { leftArrow: true }, 'main', false, 'back'],
    ['r', {}, 'main', false, 'ask-restart'],
    ['q', {}, 'main', false, 'ask-quit'],
    ['?', {}, 'main', false, 'help'],
    ['', { escape: true, meta: true }, 'main', true, 'cancel-probe'],
    ['', { escape: true, meta: true }, 'confirm-quit', false, 'no'],
    ['', { escape: true }, 'main', false, undefined],
    ['y', {}, 'confirm-quit', false, 'yes'],
    ['', { escape: true }, 'confirm-restart', false, 'no'],
    ['b', {}, 'note', false, undefined],
    ['c', { ctrl: true }, 'main', false, undefined],
  ] as const)('%s %o in %s (running %s) -> %s', ([input, key, mode, running, want]) => {
    expect(walkKey(input, key, { mode, running })).toBe(want);
  });
});

describe('question', () => {
  test('the whole screen: log, breadcrumb, question, numbered answers, keys', () => {
    const { ui } = walk(startSession('triage'));
    expect(ui.frame()).toMatchInlineSnapshot(`
      "Started session S1 (ticket INC-1): Not sure yet

      Not sure yet › step 1
      Does the phone receive any mail at all?

      › 1. Yes, but some is missing
        2. No, nothing arrives

      ↑↓ 1-2 Enter choose  ? help  b back  r restart  n note  e export  q quit"
    `);
  });

  test('? toggles help; a digit answers; b goes back with the answer pre-selected', async () => {
    const s = startSession('triage');
    const { ui } = walk(s);
    await ui.press('?');
    await ui.waitFor('Send a test message');
    await ui.press('?');
    await ui.waitFor((f) => !f.includes('Send a test message'));
    await ui.press('b');
    await ui.waitFor('nothing to go back to');
    await ui.press('2');
    await ui.waitFor('Not sure yet › step 2');
    expect(ui.frame()).toContain('✔ Not sure yet › step 1 Does the phone receive any mail at all?');
    expect(ui.frame()).toContain('→ No, nothing arrives');
    await ui.press(KEY.left);
    await ui.waitFor('› 2. No, nothing arrives');
    expect(ui.frame()).toContain('↶ Back one step');
    expect(s.view()).toMatchObject({ kind: 'question', key: 'triage/mail-at-all' });
  });

  test('r asks first; y restarts, n keeps the walk', async () => {
    const s = startSession('triage');
    s.answer('no');
    const { ui } = walk(s);
    await ui.press('r');
    await ui.waitFor('Restart from the first question?');
    await ui.press('n');
    await ui.waitFor('q quit');
    expect(s.view()).toMatchObject({ key: 'triage/cert-warning' });
    await ui.press('r', 'y');
    await ui.waitFor('⟲ Restarted');
    expect(s.view()).toMatchObject({ key: 'triage/mail-at-all' });
  });

  test('n adds a note to the session; q asks, then quits keeping the session open', async () => {
    const s = startSession('triage');
    const { ui, onExit, services } = walk(s);
    await ui.press('n');
    await ui.waitFor('Note for the transcript');
    await ui.press('iPhone 12, iOS 17', KEY.enter);
    await ui.waitFor('✎ Note: iPhone 12, iOS 17');
    expect(s.history().at(-1)).toMatchObject({ type: 'note', text: 'iPhone 12, iOS 17' });
    await ui.press('e');
    await ui.waitFor('Exported to /tmp/t.md');
    expect(services.exportTranscript).toHaveBeenCalled();
    await ui.press('q');
    await ui.waitFor('Quit now? The session is kept');
    await ui.press('y');
    expect(onExit).toHaveBeenCalledWith('quit');
    expect(s.status).toBe('open');
  });
});

describe('inputs', () => {
  test('a question whose wording names an input asks nothing; the fix that uses it asks, checks, echoes', async () => {
    const s = startSession('reach');
    const { ui } = walk(s);
    // The question reads the values as what they are; no field is open.
    expect(ui.frame()).toContain('Does the server address the devices use accept connections on port the port to check?');
    expect(ui.frame()).not.toContain('The fix needs this first');
    await ui.press('3');
    await ui.waitFor('The fix needs this first, for its commands');
    expect(ui.frame()).toContain('The server address the devices use');
    expect(ui.frame()).toContain('for example mail.contoso.com');
    await ui.press('https://mail.contoso.com/owa', KEY.enter);
    await ui.waitFor('✗ type the host name only, without "https://"');
    await ui.press('\u0015', '127.0.0.1', KEY.enter);
    await ui.waitFor('The port to check');
    expect(ui.frame()).toContain('The server address the devices use: 127.0.0.1');
    await ui.press('9', KEY.enter);
    await ui.waitFor('FIX  Open port 9 to 127.0.0.1');
    expect(s.inputs()).toEqual({ host: '127.0.0.1', port: '9' });
  });

  test('Esc on a fix\'s input goes back to the question before it', async () => {
    const s = startSession('reach');
    s.answer('closed');
    const { ui } = walk(s);
    await ui.waitFor('The server address the devices use');
    await ui.press(KEY.esc);
    await ui.waitFor('Does the server address the devices use accept connections');
    expect(s.view()).toMatchObject({ kind: 'question', key: 'reach/port-open', preselected: 'closed' });
  });
});

describe('probe', () => {
  async function atProbe() {
    const m = manualRunner();
    const s = startSession('reach', m.runner, { now: Date.now });
    s.input('host', '127.0.0.1');
    s.input('port', '9');
    const progress = createProgressChannel();
    // The session calls deps.onProgress; route it to the channel the screen listens to.
    const w = walk(s, { progress });
    return { ...w, s, m, progress };
  }

  test('one list: the check first and selected, then the answers; an answer is one key away', async () => {
    const { ui, s, m } = await atProbe();
    const list = ui.frame().split('\n').filter((l) => /^ *›? *\d\. /.test(l));
    expect(list.map((l) => l.trim())).toEqual(['› 1. Run check: connect to 127.0.0.1 port 9', '2. Yes, it accepts them', '3. No']);
    expect(ui.frame()).not.toContain('Answer myself');
    expect(ui.frame()).toContain('↑↓ 1-3 Enter choose');
    await ui.press('3');
    await ui.waitFor('FIX  Open port 9 to 127.0.0.1');
    expect(m.calls).toHaveLength(0);
    expect(s.history().find((e) => e.type === 'answer')).toMatchObject({ answer: 'closed' });
  });

  test('after the check, "I don\'t know" follows the tree\'s route; the check is on offer again', async () => {
    const { ui, m, s } = await atProbe();
    await ui.press(KEY.enter);
    await ui.waitFor('Running check');
    m.finish({ classification: 'error', summary: 'the check failed', evidence: {}, durationMs: 4 });
    await ui.waitFor("3. I don't know");
    expect(ui.frame()).toContain('4. Run the check again');
    await ui.press('3');
    await ui.waitFor('FIX  Remove and add the account on the phone again');
    expect(s.history().find((e) => e.type === 'answer')).toMatchObject({ answer: 'unknown' });
  });

  test('running shows a spinner, the time and the action; Esc cancels', async () => {
    const { ui, m, progress } = await atProbe();
    await ui.press(KEY.enter);
    await ui.waitFor(/Running check: connect to 127\.0\.0\.1 port 9 +\d+\.\d\u00a0s/);
    progress.emit('connecting to 127.0.0.1:9');
    await ui.waitFor('connecting to 127.0.0.1:9');
    expect(ui.frame()).toContain('Esc cancel the check');
    expect(m.calls).toHaveLength(1);
    await ui.press(KEY.esc);
    await ui.waitFor('Check cancelled');
    expect(ui.frame()).toContain('› 1. Run check');
  });

  test('the result shows its badge, summary and evidence, and pre-selects the mapped answer', async () => {
    const { ui, m, s } = await atProbe();
    await ui.press(KEY.enter);
    await ui.waitFor('Running check');
    m.finish({ classification: 'refused', summary: '127.0.0.1:9 refused the connection', evidence: { host: '127.0.0.1', code: 'ECONNREFUSED' }, durationMs: 4 });
    await ui.waitFor('[FAIL] TCP connection: 127.0.0.1:9 refused the connection');
    expect(ui.frame()).toContain('code: ECONNREFUSED');
    expect(ui.frame()).not.toContain('host: 127.0.0.1');
    expect(ui.frame()).toContain('› 2. No  (the check says so)');
    expect(ui.frame()).toContain("3. I don't know");
    expect(ui.frame()).toContain('4. Run the check again');
    await ui.press(KEY.enter);
    await ui.waitFor('FIX  Open port 9 to 127.0.0.1');
    expect(s.history().find((e) => e.type === 'answer')).toMatchObject({ answer: 'closed', byProbe: true });
    expect(ui.frame()).toContain('[FAIL] TCP connection: 127.0.0.1:9 refused the connection');
    expect(ui.frame()).toContain('→ No (from the check)');
  });
});

describe('a check that needs inputs its question does not', () => {
  test('"Run check" asks them first (Esc returns to the choices), then runs', async () => {
    const m = manualRunner();
    const s = startSession('quick', m.runner, { now: Date.now });
    const { ui } = walk(s);
    // Inputs not given yet read as what they are, never as ‹host› or {{host}}.
    expect(ui.frame().replace(/\s+/g, ' ')).toContain('› 1. Run check: connect to the server address the devices use (asked next) port the port to check (asked next)');
    await ui.press(KEY.enter);
    await ui.waitFor('The check needs this first');
    await ui.press(KEY.esc);
    await ui.waitFor('› 1. Run check');
    expect(ui.frame()).toContain('2. Yes');
    await ui.press(KEY.enter);
    await ui.waitFor('The server address the devices use');
    await ui.press('127.0.0.1', KEY.enter);
    await ui.waitFor('The port to check');
    // "?" in the empty field shows the input's help instead of typing a "?".
    expect(ui.frame()).toContain('? shows where to find it');
    await ui.press('?');
    await ui.waitFor('443 unless the reverse proxy publishes another port.');
    await ui.press('9', KEY.enter);
    await ui.waitFor('Running check: connect to 127.0.0.1 port 9');
    expect(m.calls).toEqual([{ id: 'tcp.connect', params: { host: '127.0.0.1', port: '9' } }]);
  });
});

describe('fix, escalation, end', () => {
  test('the fix card shows the filled command in a box labelled by its shell; copy, then fixed ends resolved', async () => {
    const s = startSession('triage');
    s.answer('no');
    s.answer('yes');
    const { ui, services, onExit } = walk(s);
    const f = ui.frame();
    expect(f).toContain(' FIX  Renew the Exchange certificate');
    expect(f).toContain('What is wrong: The certificate has expired');
    expect(f).toMatch(/╭─ ems ─+╮/);
    expect(f).toContain('│ Get-ExchangeCertificate | fl Thumbprint,Subject,NotAfter,Services');
    expect(f).toContain('Verify: The phone syncs without a certificate warning.');
    expect(f).toContain('› 1. Copy the commands  (2)');
    await ui.press(KEY.enter);
    await ui.waitFor('Copied the command');
    expect(services.copy).toHaveBeenCalledWith(expect.objectContaining({ kind: 'fix', key: 'triage/fix-certificate' }));
    await ui.press('2');
    await ui.waitFor('Resolved: the fix worked.');
    expect(s.status).toBe('resolved');
    expect(ui.frame()).toContain('✔ Fixed it: Renew the Exchange certificate');
    await ui.press(KEY.enter);
    expect(onExit).toHaveBeenCalledWith('done');
  });

  test('"did not help" goes on to the escalation: to whom, what to attach', async () => {
    const s = startSession('triage');
    s.answer('no');
    s.answer('yes');
    const { ui } = walk(s);
    await ui.press('3');
    await ui.waitFor('ESCALATE  Hand over to the messaging team');
    const f = ui.frame();
    expect(f).toContain('To: Messaging team (Exchange administrators)');
    expect(f).toContain('- a screenshot of the phone\'s account settings');
    expect(f).toContain('Escalate to Messaging team (Exchange administrators):');
    expect(f).toContain('✗ Did not help: Renew the Exchange certificate');
    expect(s.status).toBe('escalated');
  });
});
