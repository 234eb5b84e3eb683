import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probe } from '../../src/probes/eas-options.js';
import { testCerts } from '../helpers/certs.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, type EasBehaviour, type EasServer } from '../helpers/eas-server.js';
import { probeCtx } from '../helpers/probe-context.js';

const PASSWORD = 'Secret-Pa55';
let eas: EasServer;
let plain: EasServer;
let untrusted: EasServer;
let dns: DnsServer;
let ca: string;

beforeAll(async () => {
  ca = testCerts().files.rootCa;
  dns = await startDnsServer(contosoZone());
  [eas, plain, untrusted] = await Promise.all([
    startEasServer(),
    startEasServer({ tls: false }),
    startEasServer({ certPem: testCerts().selfSigned.certPem, keyPem: testCerts().selfSigned.keyPem }),
  ]);
});
afterAll(async () => {
  await Promise.all([eas.close(), plain.close(), untrusted.close(), dns.close()]);
});

const base = () => ({ host: 'mail.contoso.test', port: eas.port, ca, resolver: dns.spec });
const withUser = (user = 'user1', password = PASSWORD) => ({ params: { ...base(), user, domain: 'CONTOSO' }, secrets: { password } });

describe('eas.options without credentials', () => {
  test.for([
    { behaviour: 'exchange', classification: 'auth-required', summary: 'asks for credentials (Basic, Negotiate, NTLM)' },
    { behaviour: 'anonymous', classification: 'anonymous', summary: 'ActiveSync answers without credentials (anonymous access' },
    { behaviour: 'basic-missing', classification: 'basic-missing', summary: 'asks for Negotiate, NTLM but does not offer Basic' },
    { behaviour: 'forbidden-403.4', classification: 'forbidden', summary: 'HTTP 403.4): SSL is required' },
    { behaviour: 'forbidden-403.7', classification: 'forbidden', summary: 'a client certificate is required' },
    { behaviour: 'forms-auth', classification: 'forms-auth', summary: 'redirected to an OWA logon page' },
    { behaviour: 'forms-page', classification: 'forms-auth', summary: 'a logon form answered' },
    { behaviour: 'not-found-404', classification: 'not-eas', summary: 'HTTP 404' },
    { behaviour: 'no-header', classification: 'not-eas', summary: 'without the MS-Server-ActiveSync header' },
    { behaviour: 'method-blocked', classification: 'method-blocked', summary: 'OPTIONS is refused' },
  ] satisfies { behaviour: EasBehaviour; classification: string; summary: string }[])('$behaviour -> $classification', async ({ behaviour, classification, summary }) => {
    eas.behaviour = behaviour;
    const r = await probe.run(base(), probeCtx());
    expect(r.classification).toBe(classification);
    expect(r.summary).toContain(summary);
    expect(r.evidence.authenticated).toBe(false);
  });
});

describe('eas.options with credentials', () => {
  test.for([
    { behaviour: 'exchange', classification: 'ok', summary: 'ActiveSync answers for CONTOSO\\user1: server 15.1', evidence: { versions: expect.arrayContaining(['14.1', '16.1']), commands: expect.arrayContaining(['Provision', 'FolderSync']) } },
    { behaviour: 'redirect-451', classification: 'redirect', summary: 'points to https://mail2.contoso.test/Microsoft-Server-ActiveSync', evidence: { status: 451, xMsLocation: 'https://mail2.contoso.test/Microsoft-Server-ActiveSync' } },
    { behaviour: 'provisioning-449', classification: 'needs-provisioning', summary: 'HTTP 449', evidence: { status: 449 } },
    { behaviour: 'blocked-456', classification: 'blocked', summary: 'blocked', evidence: { status: 456 } },
    { behaviour: 'password-expired-457', classification: 'password-expired', summary: 'expired', evidence: { status: 457, credentialServiceUrl: 'https://mail.contoso.test/owa' } },
    { behaviour: 'server-error-500', classification: 'server-error', summary: 'HTTP 500', evidence: { status: 500 } },
    { behaviour: 'throttled-503', classification: 'throttled', summary: 'retry after 30 s', evidence: { retryAfter: '30', throttle: 'CommandFrequency' } },
  ] satisfies { behaviour: EasBehaviour; classification: string; summary: string; evidence: object }[])('$behaviour -> $classification', async ({ behaviour, classification, summary, evidence }) => {
    eas.behaviour = behaviour;
    const { params, secrets } = withUser();
    const r = await probe.run(params, probeCtx(5000, { secrets }));
    expect(r.classification).toBe(classification);
    expect(r.summary).toContain(summary);
    expect(r.evidence).toMatchObject({ authenticated: true, ...evidence });
  });

  test('a wrong password is bad-credentials with the DOMAIN\\user vs UPN hint; the password is nowhere in the result', async () => {
    eas.behaviour = 'exchange';
    const { params, secrets } = withUser('user1', 'wrong-Pa55');
    const r = await probe.run(params, probeCtx(5000, { secrets }));
    expect(r.classification).toBe('bad-credentials');
    expect(r.summary).toContain('try the UPN form');
    expect(r.evidence).toMatchObject({ user: 'CONTOSO\\user1', userFormat: 'down-level' });
    expect(JSON.stringify(r)).not.toContain('wrong-Pa55');
  });

  test('a bare user name without domain gets the "no domain" hint (seed 000)', async () => {
    eas.behaviour = 'exchange';
    const r = await probe.run({ ...base(), user: 'user1' }, probeCtx(5000, { secrets: { password: PASSWORD } }));
    expect(r.classification).toBe('bad-credentials');
    expect(r.summary).toContain('has no domain: try DOMAIN\\user1 or the full UPN');
  });

  test('a UPN logs on', async () => {
    eas.behaviour = 'exchange';
    const r = await probe.run({ ...base(), user: 'user1@contoso.test' }, probeCtx(5000, { secrets: { password: PASSWORD } }));
    expect(r.classification).toBe('ok');
  });

  test('without a password the credentials are not tried', async () => {
    eas.behaviour = 'exchange';
    const r = await probe.run({ ...base(), user: 'user1' }, probeCtx());
    expect(r.classification).toBe('auth-required');
    expect(r.summary).toContain('no password given');
  });
});

describe('credentials are never sent where they could leak', () => {
  test('not over a certificate that failed verification', async () => {
    untrusted.requests.length = 0;
    const r = await probe.run({ ...base(), port: untrusted.port, user: 'user1', domain: 'CONTOSO' }, probeCtx(5000, { secrets: { password: PASSWORD } }));
    expect(r.classification).toBe('credentials-withheld');
    expect(r.summary).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(untrusted.requests.every((q) => !q.authorization)).toBe(true);
  });

  test('not over plain HTTP', async () => {
    plain.requests.length = 0;
    const r = await probe.run({ ...base(), port: plain.port, scheme: 'http', user: 'user1', domain: 'CONTOSO' }, probeCtx(5000, { secrets: { password: PASSWORD } }));
    expect(r.classification).toBe('credentials-withheld');
    expect(r.summary).toContain('plain HTTP');
    expect(plain.requests.every((q) => !q.authorization)).toBe(true);
  });

  test('but yes when the user allows it for this run (--insecure), and the evidence says so', async () => {
    untrusted.requests.length = 0;
    const r = await probe.run({ ...base(), port: untrusted.port, user: 'user1', domain: 'CONTOSO' }, probeCtx(5000, { secrets: { password: PASSWORD }, insecure: true }));
    expect(r.classification).toBe('ok');
    expect(r.evidence.insecure).toBe(true);
    expect(untrusted.requests.some((q) => q.authorization)).toBe(true);
  });
});

describe('connection failures', () => {
  test('nothing listening is connect-failed', async () => {
    const r = await probe.run({ host: '127.0.0.1', port: 1 }, probeCtx());
    expect(r.classification).toBe('connect-failed');
  });
  test('TLS to a plain HTTP server is handshake-failed', async () => {
    const r = await probe.run({ host: '127.0.0.1', port: plain.port }, probeCtx());
    expect(r.classification).toBe('handshake-failed');
  });
});

describe('a weak certificate', () => {
  test('reads as verified for nothing that carries a password', async () => {
    const weak = await startEasServer({ certPem: testCerts().weak.certPem, keyPem: testCerts().weak.keyPem });
    try {
      const r = await probe.run({ ...base(), port: weak.port, user: 'user1', domain: 'CONTOSO' }, probeCtx(5000, { secrets: { password: PASSWORD } }));
      expect(r.classification).toBe('credentials-withheld');
      expect(r.summary).toMatch(/failed strict verification \(.*(too weak|too small|TOO_WEAK|TOO_SMALL)/);
      expect(weak.requests.every((q) => !q.authorization)).toBe(true);
    } finally {
      await weak.close();
    }
  });
});
