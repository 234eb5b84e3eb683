// What `check` says about OPTIONS against real loopback servers: anonymous access warns, a
// plain 503 is not throttling, --path finds a virtual directory elsewhere, and no OpenSSL
// source path reaches the output.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testCerts } from '../helpers/certs.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';
import { listen, type Running } from '../helpers/tls-servers.js';

let eas: EasServer;
let moved: EasServer;
let plain: Running;
let ca: string;

beforeAll(async () => {
  ensureBuilt();
  ca = testCerts().files.rootCa;
  [eas, moved, plain] = await Promise.all([startEasServer(), startEasServer({ easPath: '/mobile/eas' }), listen(net.createServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'))))]);
}, 60_000);
afterAll(async () => {
  await Promise.all([eas?.close(), moved?.close(), plain?.close()]);
});

type Out = { verdict: string; continueAt: string; steps: { step: string; status: string; classification?: string; summary: string }[] };
async function check(port: number, extra: string[] = []) {
  const r = await runCli(['check', `localhost:${port}`, '--ca', ca, '--json', ...extra], { env: { EAS_DOCTOR_RESOLVER: undefined } });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as Out;
  return { ...out, code: r.code, step: (key: string) => out.steps.find((s) => s.step === key)! };
}

describe('OPTIONS', () => {
  test('answered 200 without credentials: a warning, anonymous access to ActiveSync', async () => {
    eas.behaviour = 'anonymous';
    const out = await check(eas.port);
    eas.behaviour = 'exchange';
    expect(out.step('options')).toMatchObject({ status: 'warn', classification: 'anonymous' });
    expect(out.step('options').summary).toMatch(/^ActiveSync answers without credentials \(anonymous access/);
    expect(out.verdict).toBe('warn');
    expect(out.continueAt).toBe('auth#start');
    expect(out.code).toBe(0);
  });

  test('a plain 503 without Retry-After is "service unavailable", not throttling', async () => {
    eas.behaviour = 'unavailable-503';
    const out = await check(eas.port);
    eas.behaviour = 'exchange';
    expect(out.step('options')).toMatchObject({ status: 'fail', classification: 'service-unavailable' });
    expect(out.step('options').summary).toContain('not throttling');
    expect(out.continueAt).toBe('connectivity#database-mounted');
  });

  test('--path checks a virtual directory published at another path', async () => {
    const without = await check(moved.port);
    expect(without.step('options')).toMatchObject({ status: 'fail', classification: 'not-eas' });
    moved.requests.length = 0;
    const withPath = await check(moved.port, ['--path', '/mobile/eas']);
    expect(withPath.step('options')).toMatchObject({ status: 'pass', classification: 'auth-required' });
    expect(moved.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['OPTIONS /mobile/eas']);
    expect(withPath.code).toBe(0);
  });

  test('--path must be a path', async () => {
    const r = await runCli(['check', 'mail.contoso.test', '--path', 'https://x/eas']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--path: "https://x/eas" is not a path');
  });
});

describe('messages carry no OpenSSL source paths', () => {
  test('TLS to a port that answers plain HTTP: the handshake failure reads as OpenSSL says it, without its file names', async () => {
    const r = await runCli(['check', `localhost:${plain.port}`, '--timeout', '3000'], { env: { EAS_DOCTOR_RESOLVER: undefined } });
    expect(r.stdout).toMatch(/\[FAIL\] TLS +TLS handshake with localhost:\d+ failed: .*wrong version number/);
    expect(r.stdout).not.toMatch(/deps\/openssl|\.c:\d+|:error:[0-9A-F]+:/);
    expect(r.code).toBe(1);
  });
});
