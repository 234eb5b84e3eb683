import { writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chainProblem, probe } from '../../src/probes/tls-certificate.js';
import { probe as legacy } from '../../src/probes/tls-legacy.js';
import { signatureAlgorithm } from '../../src/probes/lib/x509.js';
import { testCerts, type TestCertSet } from '../helpers/certs.js';
import { startDnsServer, contosoZone, type DnsServer } from '../helpers/dns-server.js';
import { startTlsServer, type Running } from '../helpers/tls-servers.js';
import { probeCtx } from '../helpers/probe-context.js';

let c: TestCertSet;
let dns: DnsServer;
const servers: Record<string, Running> = {};

beforeAll(async () => {
  c = testCerts();
  dns = await startDnsServer(contosoZone());
  const serve = async (name: string, certPem: string, keyPem: string, extra = {}) => {
    servers[name] = await startTlsServer({ certPem, keyPem, ...extra });
  };
  await Promise.all([
    serve('valid', c.chainPem, c.valid.keyPem),
    serve('expired', c.expired.certPem, c.expired.keyPem),
    serve('not-yet-valid', c.notYetValid.certPem, c.notYetValid.keyPem),
    serve('wrong-name', c.wrongName.certPem, c.wrongName.keyPem),
    serve('self-signed', c.selfSigned.certPem, c.selfSigned.keyPem),
    serve('private-root', c.privateChainPem, c.privateRoot.keyPem),
    serve('no-intermediate', c.valid.certPem, c.valid.keyPem),
    serve('weak', c.weak.certPem, c.weak.keyPem),
    serve('legacy', c.chainPem, c.valid.keyPem, { minVersion: 'TLSv1' }),
    serve('tls11-only', c.chainPem, c.valid.keyPem, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' }),
    serve('legacy-only', c.chainPem, c.valid.keyPem, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }),
    serve('tls12-only', c.chainPem, c.valid.keyPem, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }),
    serve('tls13-only', c.chainPem, c.valid.keyPem, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }),
  ]);
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  await dns.close();
});

describe('tls.certificate', () => {
  test.for([
    { server: 'valid', classification: 'ok', summary: /serves a valid certificate for mail\.contoso\.test \(issued by eas-doctor Test Issuing CA, \d+ days left, TLSv1\.3\)/ },
    { server: 'expired', classification: 'expired', summary: /expired on \d{4}-\d\d-\d\d \(30 days ago\)/ },
    { server: 'not-yet-valid', classification: 'not-yet-valid', summary: /is not valid before/ },
    { server: 'wrong-name', classification: 'name-mismatch', summary: /is for exchange\.internal\.local, not for mail\.contoso\.test/ },
    { server: 'self-signed', classification: 'self-signed', summary: /self-signed certificate/ },
    { server: 'private-root', classification: 'untrusted-root', summary: /chains to a root this machine does not trust/ },
    { server: 'no-intermediate', classification: 'incomplete-chain', summary: /does not send the intermediate/ },
    { server: 'weak', classification: 'weak', summary: /ecdsa-with-SHA1, rsa 1024 bits/ },
  ])('$server certificate: $classification', async ({ server, classification, summary }) => {
    const r = await probe.run({ host: 'mail.contoso.test', port: servers[server]!.port, ca: c.files.rootCa, resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe(classification);
    expect(r.summary).toMatch(summary);
    expect(JSON.parse(JSON.stringify(r.evidence))).toEqual(r.evidence);
  });

  test('evidence: subject, issuer, SANs, validity, days left, fingerprint, chain, protocol', async () => {
    const r = await probe.run({ host: 'mail.contoso.test', port: servers.valid!.port, ca: c.files.rootCa, resolver: dns.spec }, probeCtx());
    expect(r.evidence).toMatchObject({
      subject: expect.stringContaining('CN=mail.contoso.test'),
      issuer: expect.stringContaining('CN=eas-doctor Test Issuing CA'),
      sans: expect.arrayContaining(['mail.contoso.test', 'autodiscover.contoso.test', '127.0.0.1']),
      daysLeft: expect.any(Number),
      fingerprint256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
      protocol: 'TLSv1.3',
      problems: [],
      verifyError: null,
    });
    expect((r.evidence.chain as { subject: string }[]).map((x) => /CN=([^,]+)/.exec(x.subject)?.[1])).toEqual(['mail.contoso.test', 'eas-doctor Test Issuing CA', 'eas-doctor Test Root CA']);
  });

  test('an intermediate this machine knows but the server does not send is still incomplete-chain', async () => {
    const both = join(c.dir, 'root-and-intermediate.pem');
    writeFileSync(both, c.root.certPem + c.intermediate.certPem);
    const r = await probe.run({ host: 'mail.contoso.test', port: servers['no-intermediate']!.port, ca: both, resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe('incomplete-chain');
    expect(r.summary).toContain('does not send the intermediate certificate that issued its own (eas-doctor Test Issuing CA)');
    expect(r.evidence).toMatchObject({ verifyError: null, servedChainLength: 1 });
  });

  test('the chain says which certificates the server sent', async () => {
    const r = await probe.run({ host: 'mail.contoso.test', port: servers.valid!.port, ca: c.files.rootCa, resolver: dns.spec }, probeCtx());
    expect((r.evidence.chain as { served: boolean }[]).map((x) => x.served)).toEqual([true, true, false]);
    expect(r.evidence.servedChainLength).toBe(2);
  });

  test('without the internal root, a valid chain from a private CA is untrusted-root and suggests --ca', async () => {
    const r = await probe.run({ host: 'mail.contoso.test', port: servers.valid!.port, resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe('untrusted-root');
    expect(r.summary).toContain('--ca');
  });

  test('the name asked is checked, and the SAN list is shown', async () => {
    const r = await probe.run({ host: '127.0.0.1', port: servers['wrong-name']!.port, ca: c.files.rootCa }, probeCtx());
    expect(r.classification).toBe('name-mismatch');
    expect(r.evidence).toMatchObject({ servername: '127.0.0.1', sans: ['exchange.internal.local'] });
  });

  test('an unreadable CA file is a clear error', async () => {
    await expect(probe.run({ host: '127.0.0.1', port: servers.valid!.port, ca: '/nonexistent/root.pem' }, probeCtx())).rejects.toThrow(/cannot read the CA file \/nonexistent\/root\.pem: ENOENT/);
  });

  test('a plain TCP service is handshake-failed', async () => {
    const plain = net.createServer((s) => s.end('220 smtp.contoso.test ESMTP\r\n'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    const port = (plain.address() as AddressInfo).port;
    const r = await probe.run({ host: '127.0.0.1', port }, probeCtx());
    plain.close();
    expect(r.classification).toBe('handshake-failed');
  });

  test.for([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'incomplete-chain'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'untrusted-root'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'untrusted-root'],
    ['CA_MD_TOO_WEAK', 'weak'],
    ['CERT_HAS_EXPIRED', undefined],
  ] as const)('OpenSSL %s reads as %s', ([code, expected]) => {
    expect(chainProblem(code)).toBe(expected);
  });

  test('reads the signature algorithm from DER', () => {
    const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(signatureAlgorithm(der(c.valid.certPem))).toBe('ecdsa-with-SHA256');
    expect(signatureAlgorithm(der(c.weak.certPem))).toBe('ecdsa-with-SHA1');
  });
});

describe('tls.legacy: each TLS version on its own', () => {
  test.for([
    { server: 'legacy', classification: 'legacy-accepted', summary: /accepts TLS 1\.2 and still TLS 1\.0 and TLS 1\.1: old devices can connect/ },
    { server: 'valid', classification: 'legacy-refused', summary: /accepts TLS 1\.2 and TLS 1\.3 and refuses TLS 1\.0 and 1\.1/ },
    { server: 'tls12-only', classification: 'legacy-refused', summary: /accepts TLS 1\.2 and refuses TLS 1\.0 and 1\.1/ },
    { server: 'tls13-only', classification: 'tls13-only', summary: /accepts only TLS 1\.3, not TLS 1\.2: older devices cannot connect/ },
    { server: 'legacy-only', classification: 'legacy-only', summary: /accepts only TLS 1\.0 and TLS 1\.1, not TLS 1\.2 or 1\.3: modern devices cannot connect/ },
    { server: 'tls11-only', classification: 'legacy-only', summary: /accepts only TLS 1\.1, not TLS 1\.2 or 1\.3/ },
  ])('$server: $classification', async ({ server, classification, summary }) => {
    const r = await legacy.run({ host: 'mail.contoso.test', port: servers[server]!.port, resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe(classification);
    expect(r.summary).toMatch(summary);
  });

  test('evidence reports TLS 1.2 and 1.3 separately', async () => {
    const r = await legacy.run({ host: '127.0.0.1', port: servers['tls12-only']!.port }, probeCtx());
    expect(r.evidence).toMatchObject({ tls10: expect.stringMatching(/^refused/), tls11: expect.stringMatching(/^refused/), tls12: 'accepted', tls13: expect.stringMatching(/^refused/), accepted: ['TLS 1.2'] });
  });
});
