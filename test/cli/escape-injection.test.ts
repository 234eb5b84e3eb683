// Escape injection, surface by surface: text that a server, a log, a journal or a tree file
// controls must reach the terminal with every control and bidi character as a visible escape
// (`\x1b`), never raw. The built CLI against loopback servers and real files; JSON output must
// stay valid JSON that keeps the text exactly (escaped as JSON).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ecKey, issue, testCerts } from '../helpers/certs.js';
import { root, runCli } from '../helpers/cli.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';
import { startTlsServer, type Running } from '../helpers/tls-servers.js';

const E = '\u001b';
const BEL = '\u0007';
/** Anything a terminal would act on, except the line feeds and tabs of our own layout. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const TITLE = `${E}]0;pwned${BEL}`;
const HOSTILE = `${TITLE}${E}[2J${E}[31m\u009b1m\u202e`;
const SHOWN = '\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31m\\x9b1m\\u202e';

const PASSWORD = 'Secret-Pa55';
let evilTls: Running;
let eas: EasServer;
let dns: DnsServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eas-escape-'));
  const key = ecKey();
  const cert = issue({ cn: `mail${HOSTILE}`, key, dns: ['mail.contoso.test'] });
  [evilTls, eas, dns] = await Promise.all([startTlsServer({ certPem: cert.certPem, keyPem: key.keyPem }), startEasServer(), startDnsServer(contosoZone())]);
  eas.autodiscoverBody = `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response><Error Time="10:00:00" Id="1"><ErrorCode>600${HOSTILE}</ErrorCode><Message>Invalid&#10;## Injected heading${HOSTILE}&#x1b;]0;by-entity&#7;</Message></Error></Response></Autodiscover>`;
}, 60_000);
afterAll(async () => {
  await Promise.all([evilTls?.close(), eas?.close(), dns?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function expectSafe(text: string): void {
  const at = RAW.exec(text);
  expect(at ? `raw U+${at[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, at.index - 40), at.index + 20))}` : 'no raw control').toBe('no raw control');
}

describe('probe and check: what a server sends', () => {
  test('probe tls.certificate: the subject and issuer of a hostile certificate', async () => {
    const r = await runCli(['probe', 'tls.certificate', '-p', 'host=127.0.0.1', '-p', `port=${evilTls.port}`]);
    expectSafe(r.stdout + r.stderr);
    expect(r.stdout).toContain(`mail${SHOWN}`);
  });

  test('probe tls.certificate --json: valid JSON, the name kept exactly, no raw byte', async () => {
    const r = await runCli(['probe', 'tls.certificate', '-p', 'host=127.0.0.1', '-p', `port=${evilTls.port}`, '--json']);
    expectSafe(r.stdout);
    expect(JSON.parse(r.stdout).evidence.subject).toContain(`mail${HOSTILE}`);
  });

  test('probe eas.autodiscover: the error code and message', async () => {
    const r = await runCli(['probe', 'eas.autodiscover', '-p', 'email=user1@contoso.test', '-p', `port=${eas.port}`, '-p', `resolver=${dns.spec}`, '-p', 'user=user1@contoso.test', '--insecure'], { env: { EAS_DOCTOR_PASSWORD: PASSWORD } });
    expectSafe(r.stdout + r.stderr);
    expect(r.stdout).toContain('error-response');
    expect(r.stdout).toContain(`600${SHOWN}`);
    // Numeric references are decoded (the message reads as the server meant it), then escaped.
    expect(r.stdout).toContain('\\x1b]0;by-entity\\x07');
    // A line break in the message stays inside its line: no new line starts with "## Injected".
    expect(r.stdout).not.toMatch(/^\s*## Injected/m);
  });

  test('check: the checklist and the verdict', async () => {
    const r = await runCli(['check', `mail.contoso.test:${eas.port}`, '--ca', testCerts().files.rootCa, '--resolver', dns.spec, '--user', 'user1', '--domain', 'CONTOSO', '--email', 'user1@contoso.test'], { env: { EAS_DOCTOR_PASSWORD: PASSWORD } });
    expectSafe(r.stdout + r.stderr);
    expect(r.stdout).toMatch(/\[FAIL\] Autodiscover .*600\\x1b\]0;pwned/);
    expect(r.stdout).not.toMatch(/^\s*## Injected/m);
  });
});

describe('log: what a log file holds', () => {
  let log: string;
  beforeAll(() => {
    const user = `CONTOSO\\ev${TITLE}il`;
    const lines = ['#Software: Microsoft Internet Information Services 10.0', '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken'];
    for (let i = 0; i < 3; i++) lines.push(`2024-05-01 10:0${i}:00 10.0.0.1 POST /Microsoft-Server-ActiveSync/default.eas User=ev%1B%5D0%3Bpwned%07il&DeviceId=DEV${E}[31mX\u009b1&DeviceType=i${E}[5mPhone&Cmd=Sync 443 ${user} 10.0.0.9 Apple${E}]8;;http://x${E}\\-iPhone\u202e 401 1 0 10`);
    log = path.join(dir, 'u_ex240501.log');
    writeFileSync(log, lines.join('\r\n') + '\r\n');
  });

  test('the failing users and devices, and the Next: hint', async () => {
    const r = await runCli(['log', log]);
    expectSafe(r.stdout + r.stderr);
    expect(r.stdout).toContain('ev\\x1b]0;pwned\\x07il');
    expect(r.stdout).toContain('DEV\\x1b[31mX\\x9b1');
    // The hint stays exact to paste: bash's $'...' form turns the escapes back into the name.
    expect(r.stdout).toContain("--user $'ev\\x1b]0;pwned\\x07il'");
  });

  test("one user's story: user agent, device and sample lines", async () => {
    const r = await runCli(['log', log, '--device', `DEV${E}[31mX\u009b1`]);
    expectSafe(r.stdout + r.stderr);
    expect(r.stdout).toContain('Apple\\x1b]8;;http://x\\x1b\\-iPhone\\u202e');
  });

  test('--json keeps the names exactly, as JSON escapes', async () => {
    const r = await runCli(['log', log, '--json']);
    expectSafe(r.stdout);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('ev\\u001b]0;pwned\\u0007il');
  });
});

describe('sessions and scripted runs: what a journal or a tree file holds', () => {
  test('sessions: a ticket with escape sequences', async () => {
    const home = path.join(dir, 'home');
    mkdirSync(path.join(home, 'sessions'), { recursive: true });
    const start = { type: 'start', at: Date.UTC(2024, 4, 1), id: '20240501-evil01', tree: `triage${TITLE}`, node: 'start', ticket: `INC${HOSTILE}`, trees: {} };
    writeFileSync(path.join(home, 'sessions', '20240501-evil01.jsonl'), JSON.stringify(start) + '\n' + JSON.stringify({ type: 'note', at: Date.UTC(2024, 4, 1, 0, 1), text: `n${TITLE}` }) + '\n');
    const text = await runCli(['sessions'], { env: { EAS_DOCTOR_HOME: home } });
    expectSafe(text.stdout + text.stderr);
    expect(text.stdout).toContain(`INC${SHOWN}`);
    const json = await runCli(['sessions', '--json'], { env: { EAS_DOCTOR_HOME: home } });
    expectSafe(json.stdout);
    expect(JSON.parse(json.stdout).sessions[0].ticket).toBe(`INC${HOSTILE}`);
  });

  test('run --answers on a tree file with escape sequences', async () => {
    const r = await runCli(['run', 'evil', '--trees', path.join(root, 'test', 'fixtures', 'trees', 'hostile'), '--answers', '-'], { input: 'yes\n' });
    expectSafe(r.stdout + r.stderr);
    expect(r.stdout).toContain('Hand over \\x1b]0;pwned-end\\x07 now');
  });
});
