// `check` reaches names as the OS resolves them, says where DNS disagrees, and connects to a
// chosen address with --connect-to: against real loopback servers (TLS, ActiveSync, DNS).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { testCerts } from '../helpers/certs.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';

let eas: EasServer;
let dns: DnsServer;
let ca: string;

beforeAll(async () => {
  ensureBuilt();
  ca = testCerts().files.rootCa;
  [eas, dns] = await Promise.all([startEasServer(), startDnsServer({})]);
}, 60_000);
afterAll(async () => {
  await Promise.all([eas?.close(), dns?.close()]);
});

type Step = { step: string; status: string; classification: string; summary: string; evidence: Record<string, unknown> };
const line = (s: Step) => `${s.step}:${s.status}:${s.classification}`;

describe('names resolve as the OS resolves them', () => {
  test('check localhost without --resolver reaches the server (the hosts file answers, DNS is not asked)', async () => {
    eas.requests.length = 0;
    const r = await runCli(['check', `localhost:${eas.port}`, '--ca', ca, '--json'], { env: { EAS_DOCTOR_RESOLVER: undefined } });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.steps.map(line)).toEqual(['dns:pass:resolved', 'tcp:pass:connected', 'tls:pass:ok', 'tls-versions:pass:legacy-refused', 'options:pass:auth-required', 'provision:skip:undefined', 'foldersync:skip:undefined', 'settings:skip:undefined', 'sync:skip:undefined']);
    expect(out.steps[0].summary).toContain('the OS resolves it to 127.0.0.1');
    expect(out.steps[1].evidence.address).toBe('127.0.0.1');
    expect(r.code).toBe(0);
    expect(eas.requests.map((q) => `${q.method} ${q.host}`)).toContain('OPTIONS localhost');
  });

  test('a DNS server that disagrees: the checks connect where the OS points, the DNS step says so', async () => {
    dns.zone = { localhost: { A: ['10.9.9.9'] } };
    dns.queries.length = 0;
    const out = await runCheck({ host: 'localhost', port: eas.port, ca, insecure: false, systemDns: dns.spec, timeoutMs: 5000 }, { now: Date.now });
    const steps = out.steps as Step[];
    expect(steps.map(line)).toEqual(['dns:warn:differs', 'tcp:pass:connected', 'tls:pass:ok', 'tls-versions:pass:legacy-refused', 'options:pass:auth-required', 'provision:skip:undefined', 'foldersync:skip:undefined', 'settings:skip:undefined', 'sync:skip:undefined']);
    expect(steps[0]!.summary).toBe('DNS says localhost is 10.9.9.9, but this machine resolves it to 127.0.0.1 (a hosts-file entry?): the checks connect to 127.0.0.1; devices that use DNS go to 10.9.9.9');
    expect(steps[0]!.evidence).toMatchObject({ a: ['10.9.9.9'], os: ['127.0.0.1'] });
    expect(steps[1]!.evidence.address).toBe('127.0.0.1');
    expect(dns.queries).toContain('localhost A');
    expect(out.verdict).toBe('warn');
    expect(out.continueAt).toBe('dns#start');
  });

  test('a name DNS does not know but this machine does: local-only, and the sweep goes on', async () => {
    dns.zone = {};
    const out = await runCheck({ host: 'localhost', port: eas.port, ca, insecure: false, systemDns: dns.spec, timeoutMs: 5000 }, { now: Date.now });
    const steps = out.steps as Step[];
    expect(steps.map(line)).toEqual(['dns:warn:local-only', 'tcp:pass:connected', 'tls:pass:ok', 'tls-versions:pass:legacy-refused', 'options:pass:auth-required', 'provision:skip:undefined', 'foldersync:skip:undefined', 'settings:skip:undefined', 'sync:skip:undefined']);
    expect(steps[0]!.summary).toMatch(/^only this machine knows localhost: it resolves it to 127\.0\.0\.1 \(hosts file or another local source\), while DNS has no address for it \(nxdomain\)/);
  });

  test('with --resolver, connections follow that DNS server: a name it does not know stops at DNS', async () => {
    dns.zone = {};
    const r = await runCli(['check', `localhost:${eas.port}`, '--resolver', dns.spec, '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.steps.slice(0, 2).map(line)).toEqual(['dns:fail:nxdomain', 'tcp:skip:undefined']);
    expect(r.code).toBe(1);
  });
});

describe('--connect-to IP: the address to connect to, while SNI and Host carry the name', () => {
  test('DNS still points at the old server: the new one is checked by address with the right name', async () => {
    dns.zone = { 'mail.contoso.test': { A: ['10.20.30.40'] } };
    eas.requests.length = 0;
    const r = await runCli(['check', `mail.contoso.test:${eas.port}`, '--connect-to', '127.0.0.1', '--resolver', dns.spec, '--ca', ca, '--user', 'user1@contoso.test', '--json'], { env: { EAS_DOCTOR_PASSWORD: 'Secret-Pa55' } });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.connectTo).toBe('127.0.0.1');
    expect(out.steps.map(line)).toEqual(['dns:pass:resolved', 'tcp:pass:connected', 'tls:pass:ok', 'tls-versions:pass:legacy-refused', 'options:pass:auth-required', 'auth:pass:ok', 'provision:pass:ok', 'foldersync:pass:ok', 'settings:pass:ok', 'sync:pass:ok']);
    expect(out.steps[1].evidence).toMatchObject({ address: '127.0.0.1', connectTo: '127.0.0.1' });
    // The certificate was judged for the name, and the server saw the name in SNI and Host.
    expect(out.steps[2].summary).toContain('serves a valid certificate for mail.contoso.test');
    expect(eas.requests.length).toBeGreaterThan(0);
    expect(eas.requests.every((q) => q.host === 'mail.contoso.test' && q.servername === 'mail.contoso.test')).toBe(true);
    expect(r.code).toBe(0);
  });

  test('a name not in DNS yet: the DNS failure is a warning, the rest runs against the address', async () => {
    dns.zone = {};
    const r = await runCli(['check', `mail.contoso.test:${eas.port}`, '--connect-to', '127.0.0.1', '--resolver', dns.spec, '--ca', ca]);
    expect(r.stdout).toContain(`eas-doctor check mail.contoso.test:${eas.port} (connecting to 127.0.0.1)`);
    expect(r.stdout).toMatch(/\[warn\] DNS +mail\.contoso\.test does not exist in DNS .*\(--connect-to: the checks connect to 127\.0\.0\.1\)/);
    expect(r.stdout).toMatch(/\[pass\] TLS +mail\.contoso\.test:\d+ serves a valid certificate/);
    expect(r.code).toBe(0);
  });

  test('--connect-to takes an IP address only', async () => {
    const r = await runCli(['check', 'mail.contoso.test', '--connect-to', 'new-server']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--connect-to: "new-server" is not an IP address');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('IPv6 addresses print as [::1]:443', () => {
  test('check [::1]:PORT: the heading and every step name the address in brackets', async () => {
    let v6: EasServer;
    try {
      v6 = await startEasServer({ listenHost: '::1' });
    } catch {
      // Only a machine without IPv6 on loopback: the address still prints in brackets when refused.
      const r = await runCli(['check', '[::1]:1', '--timeout', '2000']);
      expect(r.stdout).toContain('eas-doctor check [::1]:1');
      expect(r.stdout).toMatch(/\[FAIL\] TCP +\[::1\]:1 /);
      return;
    }
    try {
      const r = await runCli(['check', `[::1]:${v6.port}`, '--ca', ca], { env: { EAS_DOCTOR_RESOLVER: undefined } });
      expect(r.stdout).toContain(`eas-doctor check [::1]:${v6.port}\n`);
      expect(r.stdout).toContain(`[pass] TCP              [::1]:${v6.port} accepted the connection (::1)`);
      expect(r.stdout).toContain(`[pass] TLS              [::1]:${v6.port} serves a valid certificate for ::1`);
      expect(r.stdout).toMatch(/\[pass\] TLS versions +\[::1\]:\d+ accepts TLS 1\.2/);
      expect(r.stdout).not.toMatch(/::1:\d/);
      expect(r.code).toBe(0);
    } finally {
      await v6.close();
    }
  });
});
