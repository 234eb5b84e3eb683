import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probe } from '../../src/probes/tls-client-cert.js';
import { testCerts, type TestCertSet } from '../helpers/certs.js';
import { startClientCertServer, type Running } from '../helpers/tls-servers.js';
import { probeCtx } from '../helpers/probe-context.js';

let c: TestCertSet;
let iis: Running;
let unmapped: Running;
let strict: Running;

beforeAll(async () => {
  c = testCerts();
  [iis, unmapped, strict] = await Promise.all([
    startClientCertServer({ mapped: ['user1'] }),
    startClientCertServer({ mapped: [] }),
    startClientCertServer({ mapped: ['user1'], rejectInHandshake: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([iis.close(), unmapped.close(), strict.close()]);
});

const at = (server: Running, extra: Record<string, string> = {}) => ({ host: '127.0.0.1', port: server.port, ca: c.files.rootCa, ...extra });
const mine = () => ({ cert: c.files.clientCert, key: c.files.clientKey });
const foreign = () => ({ cert: c.files.foreignClientCert, key: c.files.foreignClientKey });

describe('tls.client-cert', () => {
  test.for([
    { name: 'a mapped certificate', server: () => iis, files: mine, classification: 'accepted', summary: 'accepted the certificate logon (HTTP 505, as ActiveSync answers a browser GET)' },
    { name: 'no certificate', server: () => iis, files: () => ({}), classification: 'required-not-sent', summary: 'requires a client certificate (403.7) and none was given' },
    { name: 'a certificate not mapped to a user (seed 003)', server: () => unmapped, files: mine, classification: 'not-mapped', summary: 'answered 401.2: the certificate is not mapped to a user' },
    { name: 'a certificate from an untrusted CA', server: () => iis, files: foreign, classification: 'untrusted', summary: 'rejected the client certificate (403.16)' },
    { name: 'an untrusted certificate refused in the handshake', server: () => strict, files: foreign, classification: 'untrusted', summary: 'refused the client certificate during the handshake' },
    { name: 'no certificate where the handshake requires one', server: () => strict, files: () => ({}), classification: 'required-not-sent', summary: 'requires a client certificate and none was given' },
  ])('$name: $classification', async ({ server, files, classification, summary }) => {
    const r = await probe.run(at(server(), files()), probeCtx());
    expect(r.classification).toBe(classification);
    expect(r.summary).toContain(summary);
  });

  test('a missing key file is bad-certificate-file naming the file', async () => {
    const r = await probe.run(at(iis, { cert: c.files.clientCert, key: '/nonexistent/client.key' }), probeCtx());
    expect(r.classification).toBe('bad-certificate-file');
    expect(r.summary).toBe('cannot read /nonexistent/client.key: ENOENT');
  });

  test('an encrypted key without its passphrase says so; the passphrase never shows', async () => {
    const crypto = await import('node:crypto');
    const enc = crypto.createPrivateKey(c.client.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'kp-Secret-9' });
    const keyFile = join(c.dir, 'client-enc.key');
    writeFileSync(keyFile, enc);
    const bad = await probe.run(at(iis, { cert: c.files.clientCert, key: keyFile }), probeCtx(5000, { secrets: { passphrase: 'wrong' } }));
    expect(bad.classification).toBe('bad-certificate-file');
    expect(bad.summary).toContain('wrong or missing passphrase');
    const good = await probe.run(at(iis, { cert: c.files.clientCert, key: keyFile }), probeCtx(5000, { secrets: { passphrase: 'kp-Secret-9' } }));
    expect(good.classification).toBe('accepted');
    expect(JSON.stringify([bad, good])).not.toContain('kp-Secret-9');
  });

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  test.skipIf(!hasOpenssl)('a PFX with its passphrase logs on (PFX made with the openssl CLI)', async () => {
    const pfx = join(c.dir, 'client.pfx');
    const made = spawnSync('openssl', ['pkcs12', '-export', '-in', c.files.clientCert, '-inkey', c.files.clientKey, '-out', pfx, '-passout', 'pass:pfx-Secret-7']);
    expect(made.status).toBe(0);
    const good = await probe.run(at(iis, { pfx }), probeCtx(5000, { secrets: { passphrase: 'pfx-Secret-7' } }));
    expect(good.classification).toBe('accepted');
    const bad = await probe.run(at(iis, { pfx }), probeCtx(5000, { secrets: { passphrase: 'nope' } }));
    expect(bad.classification).toBe('bad-certificate-file');
    expect(bad.summary).toContain('wrong or missing passphrase');
  });
});
