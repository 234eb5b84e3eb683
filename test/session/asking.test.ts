// When inputs are asked: a check asks its own when it runs, a fix asks what its steps use just
// before it shows, wording never asks (a missing value reads as what it is), an escalation
// never asks, and the echo of an input shows the prompt that asked it.
import { describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import type { SessionEvent } from '../../src/session/events.js';
import { describeInput, fillText } from '../../src/session/fill-text.js';
import { Session, type SessionDeps } from '../../src/session/session.js';
import { buildTranscript } from '../../src/transcript/transcript.js';
import { advanceLog, emptyLog } from '../../src/ui/walk/log.js';
import { compileFixtures } from '../helpers/load-trees.js';

const compiled = await compileFixtures('trees/asking');

function deps(classification = 'connected'): SessionDeps {
  let t = 1_700_000_000_000;
  return { compiled, catalog: probeCatalog, runner: async () => ({ classification, summary: classification, evidence: {}, durationMs: 1 }), now: () => (t += 1000), newId: () => 'A1' };
}

const at = (s: Session) => {
  const v = s.view();
  return v.kind === 'end' ? `end:${v.status}` : v.kind === 'input' ? `input:${v.key}:${v.input.name}` : `${v.kind}:${v.key}`;
};

/** Every input event's name, in order. */
const asked = (s: Session) => s.history().flatMap((e) => (e.type === 'input' ? [e.name] : []));

describe('when inputs are asked', () => {
  test('a question whose wording names inputs asks none; the values read as what they are', () => {
    const s = Session.start(deps(), { tree: 'one' });
    const v = s.view();
    expect(v.kind).toBe('question');
    if (v.kind !== 'question') return;
    // In an address or `code`, the name to replace; in prose, the input's description.
    expect(v.text).toBe("Does https://HOST/owa open a sign-in page for the failing user's logon name?");
    expect(v.help).toBe('From outside run `curl -i https://HOST/owa`; the server address the devices use must answer with 200.');
    expect(v.answers.map((a) => a.label)).toEqual(["Yes, the failing user's logon name sees it", 'No', 'Something else']);
    expect(JSON.stringify([v.text, v.help, v.answers])).not.toMatch(/\{\{|‹/);
  });

  test('a check asks its inputs when it runs, and says so until then', async () => {
    const s = Session.start(deps('refused'), { tree: 'one' });
    s.answer('yes');
    expect(at(s)).toBe('question:one/port');
    const v = s.view();
    expect(v.kind === 'question' && v.probe?.describe).toBe('connect to the server address the devices use (asked next) port 443');
    expect(v.kind === 'question' && v.probe?.missing.map((i) => i.name)).toEqual(['host']);
    expect(() => s.runProbe()).toThrow(/needs "host" first/);
    s.input('host', 'mail.contoso.com');
    expect(s.view()).toMatchObject({ kind: 'question', text: 'Does mail.contoso.com accept connections on port 443?' });
    const outcome = await s.runProbe();
    expect(outcome?.params).toEqual({ host: 'mail.contoso.com', port: 443 });
    expect(asked(s)).toEqual(['host']);
  });

  test('a fix asks the inputs its steps and verification use just before it shows, and no other', () => {
    const s = Session.start(deps(), { tree: 'one' });
    s.answer('no');
    // The command needs the host; the title's user and the why's mailbox are wording.
    expect(at(s)).toBe('input:one/fix-publish:host');
    expect(() => s.fixed()).toThrow(/no fix to confirm/);
    s.input('host', 'mail.contoso.com');
    const fix = s.view();
    expect(fix.kind).toBe('fix');
    if (fix.kind !== 'fix') return;
    expect(fix.steps[0]!.run!.code).toBe('Invoke-WebRequest https://mail.contoso.com/owa');
    expect(fix.title).toBe("Publish Outlook Web App for the failing user's logon name");
    expect(fix.why).toBe('Requests for the e-mail address of the mailbox never reach Exchange.');
    expect(asked(s)).toEqual(['host']);
  });

  test('an escalation asks nothing: what is known is filled, the rest reads as what it is', () => {
    const s = Session.start(deps(), { tree: 'one' });
    s.answer('other');
    const v = s.view();
    expect(v.kind).toBe('escalate');
    if (v.kind !== 'escalate') return;
    expect(v.title).toBe("Hand over the failing user's logon name's case");
    expect(v.why).toBe('the server address the devices use answers but the device still fails.');
    expect(v.attach).toEqual(['the output of curl -i https://HOST/owa', '`Get-CASMailbox USER`']);
    expect(s.status).toBe('escalated');
    expect(asked(s)).toEqual([]);
  });

  test('an input nothing on the path uses is never asked', async () => {
    // owa -> port (the check answers) -> fix-mailbox: host for the check, mailbox for the step; never user.
    const s = Session.start(deps('connected'), { tree: 'one' });
    const seen: string[] = [];
    s.answer('yes');
    for (let guard = 0; guard < 10; guard++) {
      const v = s.view();
      if (v.kind === 'input') {
        seen.push(`${v.key}:${v.input.name}`);
        s.input(v.input.name, v.input.example ?? 'x');
      } else if (v.kind === 'question' && v.probe && !v.probe.outcome) {
        for (const i of v.probe.missing) {
          seen.push(`${v.key} (check):${i.name}`);
          s.input(i.name, i.example ?? 'x');
        }
        await s.runProbe();
        const after = s.view();
        if (after.kind === 'question' && after.probe?.suggested) s.answer(after.probe.suggested, true);
      } else break;
    }
    expect(at(s)).toBe('fix:one/fix-mailbox');
    expect(seen).toEqual(['one/port (check):host', 'one/fix-mailbox:mailbox']);
    expect(s.inputs()).not.toHaveProperty('user');
  });
});

describe('the echo of an input', () => {
  test('shows the prompt that asked it, when two trees define one name differently', async () => {
    const s = Session.start(deps('connected'), { tree: 'two' });
    s.input('host', 'proxy.contoso.com');
    expect(s.history().at(-1)).toMatchObject({ type: 'input', name: 'host', tree: 'two' });
    const t = buildTranscript(s.history(), { compiled, catalog: probeCatalog });
    expect(t.inputs).toMatchObject([{ name: 'host', ask: 'The host name the reverse proxy publishes', value: 'proxy.contoso.com' }]);
    const log = advanceLog(emptyLog, { events: s.history(), compiled, catalog: probeCatalog, view: s.view() });
    expect(log.items.filter((i) => i.kind === 'input')).toMatchObject([{ ask: 'The host name the reverse proxy publishes', value: 'proxy.contoso.com' }]);
    // Format checks are the asking tree's too.
    expect(() => s.input('host', 'https://proxy.contoso.com')).toThrow(/host name only/);
  });

  test('a journal from before the prompt was recorded echoes the first tree defining the name', () => {
    const events: SessionEvent[] = [
      { type: 'start', at: 1, id: 'OLD', tree: 'two', node: 'proxy', trees: {} },
      { type: 'input', at: 2, name: 'host', value: 'proxy.contoso.com' },
    ];
    const s = Session.restore(deps(), { events });
    expect(s.inputs()).toEqual({ host: 'proxy.contoso.com' });
    const t = buildTranscript(events, { compiled, catalog: probeCatalog });
    expect(t.inputs[0]?.ask).toBe('The server address the devices use (the Outlook Web App host name)');
  });
});

describe('an input not given yet, as text', () => {
  test.for([
    ['The server address the devices use (the Outlook Web App host name)', 'the server address the devices use'],
    ["The failing user's logon name (UPN or DOMAIN\\user), for the checks", "the failing user's logon name"],
    ['Name of the Exchange server that publishes ActiveSync', 'the name of the Exchange server that publishes ActiveSync'],
    ['DeviceId of the failing device', 'the DeviceId of the failing device'],
    ['Port', 'the port'],
    ['E-mail address of the mailbox', 'the e-mail address of the mailbox'],
  ] as const)('%s -> %s', ([ask, want]) => {
    expect(describeInput({ ask })).toBe(want);
  });

  test('reads as the value once given, as the description in prose, as NAME in a command, and leaves other braces alone', () => {
    const defs = { host: { name: 'host', ask: 'The server address the devices use', format: 'hostname' } } as never;
    expect(fillText('Is {{host}} up? Run `ping {{host}}` or open https://{{host}}/owa; {{other}} stays.', {}, defs)).toBe(
      'Is the server address the devices use up? Run `ping HOST` or open https://HOST/owa; {{other}} stays.',
    );
    expect(fillText('Is {{host}} up?', {}, defs, { askedNext: new Set(['host']) })).toBe('Is the server address the devices use (asked next) up?');
    // Commands written without backticks still read as commands.
    expect(fillText('the output of "eas-doctor check {{host}} --json"; nslookup {{host}} 8.8.8.8; Test-NetConnection {{host}} -Port 443; the rule for {{host}}.', {}, defs)).toBe(
      'the output of "eas-doctor check HOST --json"; nslookup HOST 8.8.8.8; Test-NetConnection HOST -Port 443; the rule for the server address the devices use.',
    );
    expect(fillText('Is {{ host }} up?', { host: 'mail.contoso.com' }, defs)).toBe('Is mail.contoso.com up?');
  });
});
