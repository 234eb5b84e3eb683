// A real walk against hostile loopback servers, exported as `eas-doctor export` writes it: a
// certificate subject, an Autodiscover <Message> and HTTP headers that carry Markdown, HTML and
// terminal escapes, plus hostile typed inputs, a note and a --ticket. The Markdown and HTML
// exports must show all of it as text (checked with a real Markdown parser and a real HTML
// parser, as a ticket system would render it); the JSON export must keep every string exactly.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ecKey, issue } from '../helpers/certs.js';
import { root, runCli } from '../helpers/cli.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';
import { listen, startTlsServer, type Running } from '../helpers/tls-servers.js';
import { safeText } from '../../src/util/safe-text.js';

const E = '\u001b';
const BEL = '\u0007';
const CONTROLS = `${E}]0;pwned${BEL}${E}[2J\u009b1m\u202e`;
const HTML = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const MD = '## heading ``` [l](http://evil) *b* | x';
/** What a user types: a site name (free text), a user name (no spaces), a note, a ticket. */
const SITE = `Site ${HTML} ${MD} ${CONTROLS}`;
const USER = `CONTOSO\\x\`${'<img/src=x/onerror=alert(3)>'}\`${E}]0;u${BEL}`;
const NOTE = `## not a heading ${HTML} \`\`\` ${CONTROLS}`;
const TICKET = `INC-1 ${HTML} # ${CONTROLS}`;
/** What servers send. */
const CN = `mail ${HTML} ${MD} ${CONTROLS}`;
const MESSAGE = `Invalid\n## Injected heading\n\`\`\`\n${HTML}${CONTROLS}`;
const HEADER = `15.1 ${HTML} ${MD}`;
const PASSWORD = 'Secret-Pa55';

/** Any byte a terminal or a renderer would act on (line feeds and tabs are layout); the value marks never escape. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufdd0\ufdd1]/;

// Line breaks stay raw: the probe's reader takes the element's text as it stands.
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let tlsServer: Running;
let eas: EasServer;
let dns: DnsServer;
let options: Running;
let dir: string;
const out: Record<string, string> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eas-export-inject-'));
  const key = ecKey();
  const cert = issue({ cn: CN, key, dns: ['mail.contoso.test'] });
  // An ActiveSync endpoint whose headers carry the payload, written raw (Node's server would refuse them).
  const raw = net.createServer((socket) => {
    socket.once('data', () => {
      socket.end(['HTTP/1.1 200 OK', `MS-Server-ActiveSync: ${HEADER}`, 'MS-ASProtocolVersions: 14.1,16.1', `Server: ${MD}`, 'Content-Length: 0', 'Connection: close', '', ''].join('\r\n'));
    });
  });
  [tlsServer, eas, dns, options] = await Promise.all([startTlsServer({ certPem: cert.certPem, keyPem: key.keyPem }), startEasServer({ users: { user1: PASSWORD } }), startDnsServer(contosoZone()), listen(raw)]);
  eas.autodiscoverBody = `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response><Error Time="10:00:00" Id="1"><ErrorCode>600</ErrorCode><Message>${xml(MESSAGE)}</Message></Error></Response></Autodiscover>`;

  const answers = [
    'host=127.0.0.1',
    `tlsport=${tlsServer.port}`,
    `easport=${options.port}`,
    `adport=${eas.port}`,
    `user=${USER}`,
    'email=user1@contoso.test',
    'account=user1@contoso.test',
    `password=${PASSWORD}`,
    `site=${SITE}`,
    `note: ${NOTE}`,
    'unknown',
    'unknown',
    'unknown',
    'back',
    'no',
    'did-not-help',
  ];
  const trees = path.join(root, 'test', 'fixtures', 'trees', 'export-injection');
  const run = await runCli(['run', 'inject', '--trees', trees, '--answers', '-', '--journal', '--insecure', '--resolver', dns.spec, '--data-dir', dir, '--ticket', TICKET], { input: answers.join('\n') + '\n' });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const id = fs.readdirSync(path.join(dir, 'sessions')).find((f) => f.endsWith('.jsonl'))!.replace(/\.jsonl$/, '');
  for (const format of ['md', 'html', 'json']) {
    for (const redact of [false, true]) {
      const file = path.join(dir, `t${redact ? '.redacted' : ''}.${format}`);
      const r = await runCli(['export', id, '--format', format, '-o', file, '--trees', trees, '--data-dir', dir, ...(redact ? ['--redact'] : [])]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/^wrote /) });
      out[path.basename(file)] = fs.readFileSync(file, 'utf8');
    }
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([tlsServer?.close(), eas?.close(), dns?.close(), options?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectNoRaw(name: string, text: string): void {
  const at = RAW.exec(text);
  expect(at ? `${name}: raw U+${at[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, at.index - 40), at.index + 20))}` : 'no raw control').toBe('no raw control');
}

/** No element that runs or loads anything, no event handler, no link that goes elsewhere than it says. */
function expectNoActiveHtml(doc: Document): void {
  expect([...doc.querySelectorAll('img, script, iframe, object, embed, link, style:not(head style), form, input, svg script')].map((e) => e.outerHTML)).toEqual([]);
  const handlers = [...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name) || a.name === 'src').map((a) => `${el.tagName} ${a.name}`));
  expect(handlers).toEqual([]);
  // GFM turns a bare address into a link: to where it says, never `[text](elsewhere)`.
  for (const a of doc.querySelectorAll('a')) expect([a.textContent, `mailto:${a.textContent}`]).toContain(a.getAttribute('href'));
}

describe('a walk against hostile servers, exported', () => {
  test('the walk met every payload: the certificate, the headers and the Autodiscover message are in the evidence', () => {
    const t = JSON.parse(out['t.json']!);
    const evidence = JSON.stringify(t.evidence);
    expect(t.evidence.map((e: { probe: string }) => e.probe)).toEqual(['tls.certificate', 'eas.options', 'eas.autodiscover']);
    for (const s of [CN, HEADER, MESSAGE]) expect(evidence).toContain(JSON.stringify(s).slice(1, -1));
  });

  test.for(['t.md', 't.redacted.md', 't.html', 't.redacted.html', 't.json', 't.redacted.json'])('%s: no raw control byte, C1 or bidi control', (name) => {
    expectNoRaw(name, out[name]!);
  });

  test.for(['t.md', 't.redacted.md'])('%s: the Markdown has only its own structure, the payloads are text', (name) => {
    const markdown = out[name]!;
    const doc = new JSDOM(marked.parse(markdown, { async: false, gfm: true })).window.document;
    expectNoActiveHtml(doc);
    const headings = [...doc.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => `${h.tagName} ${h.textContent!.split(':')[0]}`);
    expect(headings).toEqual(['H1 Exchange ActiveSync troubleshooting', 'H2 Inputs', 'H2 Questions and answers', 'H2 Probe evidence', 'H2 Notes', 'H2 Fix', 'H2 Escalation', 'H2 Outcome']);
    // One code block: the fix's command, whole, its typed values on their line.
    const code = [...doc.querySelectorAll('pre code')].map((c) => c.textContent);
    expect(code).toHaveLength(1);
    if (!name.includes('redacted')) expect(code[0]).toBe(`Get-WebBinding -Name "${safeText(SITE)}"\nGet-Mailbox ${safeText(USER)}\n`);
    const text = doc.body.textContent!;
    expect(text).toContain(`Fix: Rebind the site ${safeText(SITE)} for`);
    expect(text).toContain(safeText(NOTE));
    expect(text).toContain(safeText(MESSAGE).slice(0, 40));
    expect(doc.querySelector('h1')!.textContent).toBe(`Exchange ActiveSync troubleshooting: ticket ${safeText(TICKET)}`);
    // The author's Markdown still works: the site name in bold, the command in a code span.
    expect([...doc.querySelectorAll('strong')].map((s) => s.textContent)).toContain(safeText(SITE));
    expect([...doc.querySelectorAll('code')].map((s) => s.textContent)).toContain(`Get-WebBinding "${safeText(SITE)}"`);
  });

  test.for(['t.html', 't.redacted.html'])('%s: no executable HTML, the payloads are text', (name) => {
    const doc = new JSDOM(out[name]!).window.document;
    expectNoActiveHtml(doc);
    const text = doc.body.textContent!;
    expect(text).toContain(`Fix: Rebind the site ${safeText(SITE)} for`);
    expect(text).toContain(safeText(NOTE));
    expect(doc.querySelector('h1')!.textContent).toBe(`Exchange ActiveSync troubleshooting: Ticket ${safeText(TICKET)}`);
  });

  test('the JSON export round-trips every original string exactly', () => {
    const t = JSON.parse(out['t.json']!);
    expect(t.session.ticket).toBe(TICKET);
    expect(t.notes.map((n: { text: string }) => n.text)).toEqual([NOTE]);
    expect(Object.fromEntries(t.inputs.filter((i: { value?: string }) => i.value !== undefined).map((i: { name: string; value: string }) => [i.name, i.value]))).toMatchObject({ site: SITE, user: USER });
    expect(t.steps[0].question).toBe(`Does the certificate on 127.0.0.1 name **${SITE}**? (\`openssl s_client -connect 127.0.0.1:${tlsServer.port}\`)`);
    expect(t.fixes[0].title).toBe(`Rebind the site ${SITE} for ${USER}`);
    expect(t.fixes[0].steps[0].run.code).toBe(`Get-WebBinding -Name "${SITE}"\nGet-Mailbox ${USER}`);
    expect(t.escalation.to).toBe(`Web team for ${SITE}`);
    expect(JSON.stringify(t)).not.toContain('\ufdd0');
  });
});
