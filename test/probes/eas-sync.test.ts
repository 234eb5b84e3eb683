// eas.sync against servers of our own that answer what Z-Push cannot: the common status codes
// of [MS-ASCMD] 2.2.2 as exact WBXML bytes, MS-ASHTTP status codes and headers, redirects.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { probe } from '../../src/probes/eas-sync.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { testCerts } from '../helpers/certs.js';
import { hex, PASSWORD, startConversationServer, USER, type Answer, type ConversationServer } from '../helpers/eas-conversation-server.js';
import { probeCtx } from '../helpers/probe-context.js';
import { listen, type Running } from '../helpers/tls-servers.js';

let s: ConversationServer;
beforeAll(async () => {
  s = await startConversationServer();
});
afterAll(() => s.close());
beforeEach(() => s.reset());

const run = (extra: Record<string, string | number> = {}): Promise<ProbeResult> =>
  probe.run({ host: 'mail.contoso.test', port: s.port, ca: testCerts().files.rootCa, user: USER, ping: 0, deviceType: 'EasDoctor', ...extra }, probeCtx(8000, { secrets: { password: PASSWORD }, resolver: undefined }));
const runLocal = (extra: Record<string, string | number> = {}) => run({ host: 'localhost', ...extra });

/** WBXML "<FolderSync><Status>N</Status></FolderSync>": 03 01 6a 00, SWITCH_PAGE 7, 0x56, 0x4c, STR_I. */
const folderSyncStatus = (n: number) => hex(`03016a00 0007 56 4c 03 ${Buffer.from(String(n)).toString('hex')} 00 01 01`);
/** WBXML "<Provision><Status>N</Status></Provision>" on page 14. */
const provisionStatus = (n: number) => hex(`03016a00 000e 45 4b 03 ${Buffer.from(String(n)).toString('hex')} 00 01 01`);
/** WBXML "<Sync><Status>N</Status></Sync>" on page 0. */
const syncStatus = (n: number) => hex(`03016a00 45 4e 03 ${Buffer.from(String(n)).toString('hex')} 00 01 01`);

/** FolderSync answers with the status once provisioned (the probe FolderSync before Provision still gets 449). */
const afterProvision = (body: Uint8Array) => (_n: number, r: { policyKey?: string }): Answer | undefined => (r.policyKey === 'FINAL1' ? { body } : undefined);

describe('the healthy conversation', () => {
  test('ok, with counts and states but no folder names or message content in the evidence', async () => {
    const r = await runLocal();
    expect(r.classification, r.summary).toBe('ok');
    expect(r.evidence).toMatchObject({ protocolVersion: '16.1', folderCount: 2, inboxItems: 1, policy: { required: true, nonProvisionableDevices: 'refused', keyState: 'final' } });
    expect(r.summary).toContain('a device password of 6+ characters, device encryption');
    const text = JSON.stringify(r);
    expect(text).not.toContain('Secret project');
    expect(text).not.toContain('Quarterly numbers');
    expect(text).not.toContain(PASSWORD);
    // Query parameters as MS-ASHTTP 2.2.1.1.1.1 names them; the ack carries the temporary key.
    const provision = s.requests.filter((q) => q.cmd === 'Provision');
    expect(provision.map((q) => q.policyKey)).toEqual([undefined, 'TEMP1']);
    expect(s.requests.find((q) => q.cmd === 'Sync')!.url).toMatch(/Cmd=Sync&User=CONTOSO%5Cuser1&DeviceId=EASD[0-9A-F]{28}&DeviceType=EasDoctor/);
  });

  test('--device-id, --device-type and --user-agent are what the server sees', async () => {
    const r = await runLocal({ deviceId: 'ApplDNQX1234', deviceType: 'iPhone', userAgent: 'Apple-iPhone15C2/2104.1' });
    expect(r.classification).toBe('ok');
    expect(s.requests.at(-1)!.url).toContain('DeviceId=ApplDNQX1234&DeviceType=iPhone');
  });

  test('address (--connect-to) reaches the server by IP while TLS and Host carry the name', async () => {
    const r = await run({ address: '127.0.0.1' });
    expect(r.classification, r.summary).toBe('ok');
    expect(r.evidence).toMatchObject({ connectTo: '127.0.0.1', url: expect.stringContaining('mail.contoso.test') });
  });

  test('a DeviceId that is not 1-32 letters and digits is refused before anything is sent', async () => {
    await expect(runLocal({ deviceId: 'bad id!' })).rejects.toThrow(/deviceId "bad id!" must be 1-32 letters and digits/);
    expect(s.requests).toEqual([]);
  });
});

describe('Ping, when asked', () => {
  test('a Ping the server answers when the heartbeat ends: ok, with how long it was held', async () => {
    s.script.Ping = { delayMs: 1000 };
    const r = await runLocal({ ping: 1 });
    expect(r.classification, r.summary).toBe('ok');
    const ping = (r.evidence.steps as { step: string; outcome: string; summary: string }[]).find((x) => x.step === 'ping')!;
    expect(ping).toMatchObject({ outcome: 'ok', summary: 'the connection was held 1 s (heartbeat 1 s)' });
  });

  test('a Ping that something in the path cuts: connection-cut', async () => {
    s.script.Ping = { raw: (res) => setTimeout(() => res.socket?.destroy(), 500) };
    const r = await runLocal({ ping: 5 });
    expect(r.classification, r.summary).toBe('connection-cut');
    expect(r.evidence.failedStep).toBe('ping');
    expect(r.summary).toContain('something between here and the server ends long requests');
  });
});

describe('classifications from the WBXML Status (MS-ASCMD 2.2.2)', () => {
  test.for([
    ['FolderSync', 126, 'user-disabled', 'foldersync'],
    ['FolderSync', 127, 'mailbox-cannot-sync', 'foldersync'],
    ['FolderSync', 128, 'mailbox-cannot-sync', 'foldersync'],
    ['FolderSync', 129, 'device-blocked', 'foldersync'],
    ['FolderSync', 130, 'access-denied', 'foldersync'],
    ['FolderSync', 131, 'account-disabled', 'foldersync'],
    ['FolderSync', 140, 'remote-wipe', 'foldersync'],
    ['FolderSync', 141, 'legacy-device-strict-policy', 'foldersync'],
    ['FolderSync', 142, 'needs-provisioning', 'foldersync'],
    ['FolderSync', 143, 'policy-refresh', 'foldersync'],
    ['FolderSync', 144, 'invalid-policy-key', 'foldersync'],
    ['FolderSync', 177, 'max-devices', 'foldersync'],
    ['FolderSync', 110, 'server-error', 'foldersync'],
    ['FolderSync', 6, 'command-failed', 'foldersync'],
    ['Provision', 139, 'device-not-fully-provisionable', 'provision'],
    ['Provision', 165, 'device-info-required', 'provision'],
    ['Provision', 177, 'max-devices', 'provision'],
    ['Sync', 111, 'server-error', 'sync'],
  ] as const)('%s status %i -> %s at step %s', async ([cmd, status, classification, step]) => {
    s.script[cmd] = cmd === 'FolderSync' ? afterProvision(folderSyncStatus(status)) : cmd === 'Provision' ? { body: provisionStatus(status) } : { body: syncStatus(status) };
    const r = await runLocal();
    expect(r.classification, r.summary).toBe(classification);
    expect(r.evidence.failedStep).toBe(step);
    expect(r.summary).toContain(`status ${status}`);
    const steps = r.evidence.steps as { step: string; outcome: string }[];
    expect(steps.filter((x) => x.outcome === 'skipped').map((x) => x.step)).toEqual(steps.slice(steps.findIndex((x) => x.step === step) + 1).map((x) => x.step));
  });

  test('a tag the code pages do not define is decoded, listed in the evidence, and does not fail the command', async () => {
    // <Settings><Status>1</Status><page 18:0x3e/></Settings>: 0x3e is past the last Settings tag.
    s.script.Settings = { body: hex('03016a00 0012 45 46 03 3100 01 3e 01') };
    const r = await runLocal();
    expect(r.classification, r.summary).toBe('ok');
    const settings = (r.evidence.steps as { step: string; commands: { unknownTags?: string[] }[] }[]).find((x) => x.step === 'settings')!;
    expect(settings.commands[0]!.unknownTags).toEqual(['page 18:0x3e']);
  });

  test('a RemoteWipe in the Provision answer is remote-wipe and is never acknowledged', async () => {
    s.script.Provision = { body: hex('03016a00 000e 45 4b 03 3100 01 4c 4b 03 3100 01 01 01') };
    const r = await runLocal();
    expect(r.classification).toBe('remote-wipe');
    expect(s.requests.filter((q) => q.cmd === 'Provision')).toHaveLength(1);
  });
});

describe('classifications from HTTP (MS-ASHTTP 2.2.2.1.1)', () => {
  test.for([
    [{ status: 451, headers: { 'X-MS-Location': 'https://mail2.contoso.test/Microsoft-Server-ActiveSync' } }, 'redirect', 'mail2.contoso.test'],
    [{ status: 503, headers: { 'X-MS-ASThrottle': 'CommandFrequency' } }, 'throttled', 'CommandFrequency'],
    [{ status: 503, headers: { 'Retry-After': '120' } }, 'throttled', 'retry after 120 s'],
    [{ status: 503 }, 'service-unavailable', 'not throttling'],
    [{ status: 500, body: '<html><head><title>Runtime Error</title></head><body><h1>Mailbox database offline</h1></body></html>' }, 'server-error', 'Runtime Error'],
    [{ status: 403 }, 'user-disabled', 'not enabled for ActiveSync'],
    [{ status: 456 }, 'blocked', 'blocked'],
    [{ status: 457 }, 'password-expired', 'expired'],
    [{ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html>Maintenance</html>' }, 'bad-response', 'instead of WBXML'],
    [{ status: 200, body: hex('03016a00 0007 56 4c 03 3100') }, 'bad-response', 'invalid WBXML at byte'],
  ] as const)('FolderSync answered %j -> %s', async ([answer, classification, text]) => {
    s.script.FolderSync = (_n: number, r: { policyKey?: string }) => (r.policyKey === 'FINAL1' ? (answer as Answer) : undefined);
    const r = await runLocal();
    expect(r.classification, r.summary).toBe(classification);
    expect(r.summary).toContain(text);
    expect(r.evidence.failedStep).toBe('foldersync');
  });

  test('a redirect to another origin is not followed and the password does not go there', async () => {
    const other: { auth?: string }[] = [];
    const elsewhere: Running = await listen(http.createServer((req, res) => (other.push({ auth: req.headers.authorization }), res.writeHead(200).end())));
    try {
      s.script.Settings = { status: 302, headers: { Location: `http://127.0.0.1:${elsewhere.port}/Microsoft-Server-ActiveSync` } };
      const r = await runLocal();
      expect(r.classification).toBe('redirect');
      expect(r.evidence).toMatchObject({ failedStep: 'settings', credentialsSent: false });
      expect(r.summary).toContain('credentials were not sent there');
      expect(other).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  test('a redirect within the same origin is followed with the credentials', async () => {
    s.script.Settings = (n) => (n === 0 ? { status: 307, headers: { Location: '/Microsoft-Server-ActiveSync?Cmd=Settings&User=x&DeviceId=y&DeviceType=z' } } : undefined);
    const r = await runLocal();
    expect(r.classification, r.summary).toBe('ok');
    const settings = (r.evidence.steps as { step: string; commands: { redirects?: unknown[] }[] }[]).find((x) => x.step === 'settings')!;
    expect(settings.commands[0]!.redirects).toEqual([expect.objectContaining({ followed: true, credentialsSent: true })]);
  });
});
