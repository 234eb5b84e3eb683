import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, test } from 'vitest';
import { buildTranscript } from '../../src/transcript/transcript.js';
import { exportSession, renderTranscript, type ExportFormat } from '../../src/transcript/render.js';
import { redactTranscript } from '../../src/transcript/redact.js';
import { parseTranscript } from '../../src/transcript/json.js';
import { replayTranscript } from '../../src/transcript/replay.js';
import { root } from '../helpers/cli.js';
import { PASSWORD, catalog, compiled, fixedDeps, give, stubRunner, tempStore, walkToEscalation } from './fixture-session.js';
import { outcomeLine } from '../../src/transcript/format.js';

const { store, dir } = tempStore();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const session = await store.create(fixedDeps(), { tree: 'mailbox', ticket: 'INC-4711', operator: 'ann.helpdesk' });
await walkToEscalation(session);
const events = (await store.load(session.id)).events;
const transcript = buildTranscript(events, { compiled, catalog });
const redacted = redactTranscript(transcript);
/** An export as `eas-doctor export` writes it. */
const exported = (format: ExportFormat, redact = false) => exportSession(events, { compiled, catalog }, { format, redact });

const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'transcript.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
const validate = ajv.compile(schema);

describe('transcript', () => {
  test('reads the walk: inputs, probe-given answer, evidence, notes, fixes, escalation', () => {
    expect(session.status).toBe('escalated');
    expect(transcript.session).toMatchObject({ id: 'S-0001', ticket: 'INC-4711', operator: 'ann.helpdesk', status: 'escalated', startedAt: '2026-11-20T09:00:07.000Z' });
    expect(transcript.inputs.find((i) => i.name === 'password')).toEqual(expect.objectContaining({ secret: true }));
    expect(transcript.inputs.find((i) => i.name === 'password')).not.toHaveProperty('value');
    expect(transcript.steps.map((s) => (s.kind === 'question' ? `${s.node}=${s.answer}${s.byProbe ? '(probe)' : ''}` : `${s.node}:${s.result}`))).toEqual([
      'mailbox/signin=yes(probe)',
      'mailbox/mail-arrives=no',
      'mailbox/fix-partnership:did-not-help',
    ]);
    expect(transcript.evidence).toMatchObject([{ probe: 'eas.options', classification: 'ok', verdict: 'pass' }]);
    expect(transcript.outcome).toEqual({ status: 'escalated', kind: 'escalate', node: 'mailbox/escalate-messaging', text: 'Hand over to the messaging team' });
    expect(transcript.trees).toEqual([{ id: 'mailbox', title: 'A user cannot sign in on the phone', version: 1, hash: compiled.set.trees.get('mailbox')!.hash }]);
    expect(transcript.timeline.map((x) => x.kind)).toContain('back');
    expect(transcript.retracted).toEqual([{ at: '2026-11-20T09:01:10.000Z', node: 'mailbox/mail-arrives', question: 'Does new mail for jdoe@contoso.com arrive on the phone?', answer: 'yes', label: 'Yes, only the prompt is wrong', by: 'back', undoneAt: '2026-11-20T09:01:24.000Z' }]);
  });

  test('a fix that was shown and then taken back stays in every export, marked; taken-back answers read as their question', async () => {
    const { store: other, dir: otherDir } = tempStore();
    try {
      const s = await other.create(fixedDeps(stubRunner, 'S-0002'), { tree: 'mailbox' });
      give(s);
      s.answer('no');
      give(s);
      expect(s.view()).toMatchObject({ kind: 'fix', key: 'mailbox/fix-password' });
      s.back();
      s.answer('yes');
      s.answer('no');
      // The fix asks what its commands use just before it shows (back took the earlier value away).
      give(s);
      const otherEvents = (await other.load(s.id)).events;
      const t = buildTranscript(otherEvents, { compiled, catalog });
      expect(t.fixes.map((f) => [f.node, f.takenBack?.by ?? 'stands'])).toEqual([
        ['mailbox/fix-partnership', 'stands'],
        ['mailbox/fix-password', 'back'],
      ]);
      expect(t.retracted).toMatchObject([{ node: 'mailbox/signin', question: 'Does ActiveSync on mail.contoso.com accept the credentials of CONTOSO\\jdoe?', label: 'No' }]);
      const md = exportSession(otherEvents, { compiled, catalog }, { format: 'md' });
      // Typed values are escaped for Markdown: `\\` renders as one backslash.
      expect(md).toContain('## Fix shown, then taken back: Reset the password of CONTOSO\\\\jdoe');
      expect(md).toMatch(/This fix was shown, then taken back at .*; it does not stand\./);
      expect(md).toContain('**Result:** not tried: the walk was taken back from it');
      expect(md).toContain('- **Does ActiveSync on mail.contoso.com accept the credentials of CONTOSO\\\\jdoe?** (`mailbox#signin`): No (given');
      expect(md).toContain('## Fix: Remove and re-create the device partnership');
      const html = exportSession(otherEvents, { compiled, catalog }, { format: 'html' });
      expect(html).toContain('<h2>Fix shown, then taken back: Reset the password of CONTOSO\\jdoe</h2>');
      expect(html).toContain('<li><strong>Does ActiveSync on mail.contoso.com accept the credentials of CONTOSO\\jdoe?</strong> <code>mailbox#signin</code>: No');
      const json = JSON.parse(renderTranscript(t, 'json'));
      expect(validate(json) ? [] : validate.errors).toEqual([]);
      expect(json.fixes[1]).toMatchObject({ node: 'mailbox/fix-password', takenBack: { by: 'back' } });
      expect(outcomeLine(t)).toContain('Remove and re-create the device partnership');
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  test.for([
    ['plain', transcript],
    ['redacted', redacted],
  ] as const)('the %s JSON export validates against schema/transcript.schema.json', ([, t]) => {
    const data = JSON.parse(renderTranscript(t, 'json'));
    expect(validate(data) ? [] : validate.errors).toEqual([]);
  });

  test('Markdown export matches its snapshot', async () => {
    await expect(exported('md')).toMatchFileSnapshot('__snapshots__/mailbox.md');
  });

  test('HTML export matches its snapshot and is self-contained', async () => {
    const html = exported('html');
    await expect(html).toMatchFileSnapshot('__snapshots__/mailbox.html');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|@import|url\((?!#)|src=|href=/i);
  });

  test('redacted Markdown matches its snapshot', async () => {
    await expect(exported('md', true)).toMatchFileSnapshot('__snapshots__/mailbox.redacted.md');
  });

  test('redaction masks names and addresses consistently across the whole transcript', () => {
    const all = (['md', 'json', 'html'] as const).map((f) => exported(f, true)).join('\n');
    for (const secret of ['mail.contoso.com', 'jdoe', 'CONTOSO', 'jdoe@contoso.com', '10.20.30.40', '192.168.1.20', 'ann.helpdesk']) expect(all).not.toContain(secret);
    const md = exported('md', true);
    expect(md).toContain('Does ActiveSync on host-1 accept the credentials of domain-1\\\\user-1?');
    expect(md).toContain('Get-MobileDevice -Mailbox email-1@example.invalid');
    expect(md).toContain('the phone is on ip-1.');
    expect(redacted.evidence[0]!.evidence).toMatchObject({ url: 'http://host-1:443/Microsoft-Server-ActiveSync', user: 'domain-1\\user-1', peer: 'ip-2' });
    expect(redacted.evidence[0]!.summary).toBe('ActiveSync answers for domain-1\\user-1: server 15.1, protocol versions 14.1, 16.1');
    expect(redacted.timeline.find((x) => x.kind === 'probe')!.text).toMatch(/^eas\.options: ok/);
    expect(redacted.session.operator).toBe('user-2');
    expect(redacted.session.redacted).toBe(true);
  });

  test('no artifact holds the password: journal, Markdown, JSON, HTML, plain and redacted', () => {
    const artifacts = { journal: fs.readFileSync(store.fileFor(session.id), 'utf8') } as Record<string, string>;
    for (const redact of [false, true]) for (const f of ['md', 'json', 'html'] as const) artifacts[`${redact ? 'redacted' : 'plain'}.${f}`] = exported(f, redact);
    for (const [name, text] of Object.entries(artifacts)) expect({ name, leaks: text.includes(PASSWORD) }).toEqual({ name, leaks: false });
    for (const file of fs.readdirSync(path.join(dir, 'sessions'))) expect(fs.readFileSync(path.join(dir, 'sessions', file), 'utf8')).not.toContain(PASSWORD);
  });

  test('JSON round trip: the export parses back and replays to the same end', () => {
    const back = parseTranscript(renderTranscript(transcript, 'json'), 'walk.json');
    expect(back.steps).toEqual(transcript.steps);
    expect(replayTranscript(back, { compiled, catalog })).toMatchObject({ same: true, differences: [], changedTrees: [] });
  });

  test('a redacted transcript still replays (masks are valid inputs)', () => {
    const back = parseTranscript(renderTranscript(redacted, 'json'), 'walk.json');
    expect(replayTranscript(back, { compiled, catalog })).toMatchObject({ same: true, differences: [] });
  });

  test.for([
    ['not JSON', '{', /not JSON/],
    ['another format', '{"format":"eas-doctor/session"}', /not an eas-doctor transcript/],
    ['a later version', '{"format":"eas-doctor/transcript","version":2}', /version 2; this eas-doctor reads version 1/],
    ['missing parts', '{"format":"eas-doctor/transcript","version":1}', /"start" needs "tree" and "node"; "steps" must be a list/],
  ] as const)('parseTranscript rejects %s with a clear message', ([, text, message]) => {
    expect(() => parseTranscript(text, 'x.json')).toThrow(message);
  });
});
