// `check` judges TLS as modern devices do, against real loopback servers: the TLS versions a
// server accepts, and certificates made with openssl (a small RSA key, a SHA-1 signature,
// one that expires within 30 days).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testCerts } from '../helpers/certs.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';
import { opensslCa, type OpensslCa } from '../helpers/openssl-certs.js';

type Step = { step: string; status: string; classification: string; summary: string; evidence: Record<string, unknown> };
const servers: EasServer[] = [];
let ca: OpensslCa;

beforeAll(() => {
  ensureBuilt();
  ca = opensslCa();
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(o: Parameters<typeof startEasServer>[0]): Promise<EasServer> {
  const s = await startEasServer(o);
  servers.push(s);
  return s;
}

/** `check localhost:PORT --json`: no DNS server is asked for localhost. */
async function check(port: number, caFile: string) {
  const r = await runCli(['check', `localhost:${port}`, '--ca', caFile, '--json'], { env: { EAS_DOCTOR_RESOLVER: undefined } });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { verdict: string; problem: { step: string; classification: string } | null; continueAt: string; steps: Step[] };
  return { ...out, code: r.code, step: (key: string) => out.steps.find((s) => s.step === key)! };
}

describe('TLS versions', () => {
  const root = () => testCerts().files.rootCa;
  const chain = () => ({ certPem: testCerts().chainPem, keyPem: testCerts().valid.keyPem });

  test('only TLS 1.0/1.1: a failure, modern devices cannot connect (the certificate alone passes)', async () => {
    const s = await serve({ ...chain(), minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
    const out = await check(s.port, root());
    expect(out.step('tls')).toMatchObject({ status: 'pass', classification: 'ok' });
    expect(out.step('tls-versions')).toMatchObject({ status: 'fail', classification: 'legacy-only' });
    expect(out.step('tls-versions').summary).toContain('modern devices cannot connect');
    expect(out.step('tls-versions').evidence).toMatchObject({ tls10: 'accepted', tls11: 'accepted', tls12: expect.stringMatching(/^refused/), tls13: expect.stringMatching(/^refused/) });
    expect(out.verdict).toBe('fail');
    expect(out.problem).toMatchObject({ step: 'tls-versions', classification: 'legacy-only' });
    expect(out.code).toBe(1);
  });

  test('only TLS 1.3: a warning, older devices cannot connect', async () => {
    const s = await serve({ ...chain(), minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    const out = await check(s.port, root());
    expect(out.step('tls-versions')).toMatchObject({ status: 'warn', classification: 'tls13-only' });
    expect(out.step('tls-versions').summary).toContain('older devices cannot connect');
    expect(out.verdict).toBe('warn');
    expect(out.code).toBe(0);
  });

  test('TLS 1.2 and 1.3: passes', async () => {
    const s = await serve({ ...chain(), minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    const out = await check(s.port, root());
    expect(out.step('tls-versions')).toMatchObject({ status: 'pass', classification: 'legacy-refused', evidence: { tls12: 'accepted', tls13: 'accepted' } });
    expect(out.verdict).toBe('pass');
  });

  test('TLS 1.0 and 1.1 still on beside 1.2: a warning', async () => {
    const s = await serve({ ...chain(), minVersion: 'TLSv1', maxVersion: 'TLSv1.3' });
    const out = await check(s.port, root());
    expect(out.step('tls-versions')).toMatchObject({ status: 'warn', classification: 'legacy-accepted' });
    expect(out.verdict).toBe('warn');
  });
});

describe('certificates made with openssl', () => {
  test('an RSA key under 2048 bits fails: modern devices refuse it', async () => {
    const s = await serve(ca.leaf('rsa1024', { bits: 1024 }));
    const out = await check(s.port, ca.caFile);
    expect(out.step('tls')).toMatchObject({ status: 'fail', classification: 'weak', evidence: { keyType: 'rsa', keyBits: 1024, signatureAlgorithm: 'sha256WithRSAEncryption' } });
    expect(out.step('tls').summary).toContain('modern devices refuse SHA-1 signatures and RSA keys under 2048 bits');
    expect(out.problem).toMatchObject({ step: 'tls', classification: 'weak' });
    expect(out.continueAt).toBe('ssl#cert-state');
    expect(out.code).toBe(1);
  });

  test('a SHA-1 signature fails', async () => {
    const s = await serve(ca.leaf('sha1', { digest: 'sha1' }));
    const out = await check(s.port, ca.caFile);
    expect(out.step('tls')).toMatchObject({ status: 'fail', classification: 'weak', evidence: { keyBits: 2048, signatureAlgorithm: 'sha1WithRSAEncryption' } });
    expect(out.code).toBe(1);
  });

  test('a certificate that expires within 30 days warns', async () => {
    const s = await serve(ca.leaf('soon', { days: 10 }));
    const out = await check(s.port, ca.caFile);
    expect(out.step('tls')).toMatchObject({ status: 'warn', classification: 'expiring-soon' });
    expect(out.step('tls').summary).toMatch(/expires on \d{4}-\d\d-\d\d \((9|10) days left\): renew it/);
    expect(out.verdict).toBe('warn');
    expect(out.code).toBe(0);
  });

  test('a sound certificate from the same CA passes', async () => {
    const s = await serve(ca.leaf('sound'));
    const out = await check(s.port, ca.caFile);
    expect(out.step('tls')).toMatchObject({ status: 'pass', classification: 'ok', evidence: { keyBits: 2048, signatureAlgorithm: 'sha256WithRSAEncryption' } });
    expect(out.verdict).toBe('pass');
  });
});
