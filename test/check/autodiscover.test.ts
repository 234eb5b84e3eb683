// Autodiscover as a phone meets it, against real loopback servers: one endpoint that hangs
// does not stop the others, a web page is not an Autodiscover answer, credentials never
// follow a redirect to another origin, the HTTP step's port, and the URL it hands out is
// checked when it names another host.
import http from 'node:http';
import https from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { isInternalName } from '../../src/check/run-check.js';
import { probe } from '../../src/probes/eas-autodiscover.js';
import { testCerts } from '../helpers/certs.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';
import { startHostile } from '../helpers/hostile-servers.js';
import { probeCtx } from '../helpers/probe-context.js';
import { listen, type Running } from '../helpers/tls-servers.js';

const PASSWORD = 'Secret-Pa55';
const CLOSED_PORT = 1;
let eas: EasServer;
let dns: DnsServer;
let silent: Running;
let ca: string;
/** Requests the hand-written servers below saw. */
const seen: { server: string; method: string; url: string; host: string; authorization?: string }[] = [];
const record = (server: string, req: http.IncomingMessage) => seen.push({ server, method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
let crossOrigin: Running;
let plainRedirector: Running;

beforeAll(async () => {
  ensureBuilt();
  const c = testCerts();
  ca = c.files.rootCa;
  [eas, silent] = await Promise.all([startEasServer(), startHostile('silent')]);
  dns = await startDnsServer(contosoZone({ 'exch01.contoso.internal': { A: ['127.0.0.1'] } }));
  // An Autodiscover endpoint that sends every POST on to the ActiveSync server's port: another origin.
  crossOrigin = await listen(
    https.createServer({ cert: c.chainPem, key: c.valid.keyPem }, (req, res) => {
      record('cross-origin', req);
      req.resume();
      res.writeHead(302, { Location: `https://mail.contoso.test:${eas.port}/autodiscover/autodiscover.xml` }).end();
    }),
  );
  // The plain-HTTP step's redirector, on a port of our choosing.
  plainRedirector = await listen(
    http.createServer((req, res) => {
      record('http', req);
      res.writeHead(302, { Location: `https://mail.contoso.test:${eas.port}/autodiscover/autodiscover.xml` }).end();
    }),
  );
}, 60_000);
afterAll(async () => {
  await Promise.all([eas?.close(), dns?.close(), silent?.close(), crossOrigin?.close(), plainRedirector?.close()]);
});
beforeEach(() => {
  eas.autodiscover = 'ok';
  eas.autodiscoverHosts = new Set(['autodiscover.contoso.test']);
  eas.easUrl = `https://mail.contoso.test:${eas.port}/Microsoft-Server-ActiveSync`;
  eas.behaviour = 'exchange';
  eas.requests.length = 0;
  seen.length = 0;
  dns.zone = contosoZone({ 'exch01.contoso.internal': { A: ['127.0.0.1'] } });
});

type Attempt = { step: string; outcome: string; detail?: string };

describe('eas.autodiscover', () => {
  test('an endpoint that hangs gets only its share of the deadline: SRV still finds the server', async () => {
    dns.zone['_autodiscover._tcp.contoso.test'] = { SRV: [{ priority: 0, weight: 0, port: eas.port, target: 'mail.contoso.test' }] };
    eas.autodiscoverHosts = new Set(['mail.contoso.test']);
    const started = Date.now();
    const r = await probe.run({ email: 'user1@contoso.test', port: silent.port, httpPort: CLOSED_PORT, ca, resolver: dns.spec }, probeCtx(4000, { secrets: { password: PASSWORD } }));
    expect(r.classification).toBe('found');
    expect(r.evidence.step).toBe('srv');
    const attempts = r.evidence.attempts as Attempt[];
    expect(attempts[0]).toMatchObject({ step: 'https-domain', outcome: expect.stringMatching(/^no answer within this step's share of the deadline \(\d+ ms\): moved on$/) });
    expect(attempts[1]).toMatchObject({ step: 'https-autodiscover', outcome: expect.stringMatching(/share of the deadline/) });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('HTML with HTTP 200 is not an Autodiscover answer (not "not found")', async () => {
    eas.autodiscover = 'not-xml';
    const r = await probe.run({ email: 'user1@contoso.test', port: eas.port, httpPort: CLOSED_PORT, ca, resolver: dns.spec }, probeCtx(5000, { secrets: { password: PASSWORD } }));
    expect(r.classification).toBe('not-autodiscover');
    expect(r.summary).toBe(`https://autodiscover.contoso.test:${eas.port}/autodiscover/autodiscover.xml answered HTTP 200 with a web page, not an Autodiscover answer (a portal or catch-all site in front of Exchange?): devices cannot read it`);
  });

  test('a 302 to another origin is followed without the Authorization header, and the evidence says so', async () => {
    eas.autodiscoverHosts = new Set(['mail.contoso.test']);
    const r = await probe.run({ email: 'user1@contoso.test', port: crossOrigin.port, httpPort: CLOSED_PORT, ca, resolver: dns.spec }, probeCtx(5000, { secrets: { password: PASSWORD } }));
    // The endpoint asked first got the credentials; the other origin never did.
    expect(seen.filter((q) => q.server === 'cross-origin').some((q) => q.authorization)).toBe(true);
    const there = eas.requests.filter((q) => /autodiscover/i.test(q.url));
    expect(there.length).toBeGreaterThan(0);
    expect(there.every((q) => q.authorization === undefined)).toBe(true);
    expect(r.classification).toBe('auth-required');
    expect(r.summary).toContain(`Autodiscover redirected to https://mail.contoso.test:${eas.port}, which asks for credentials: they were not sent to another origin`);
    const hop = (r.evidence.attempts as Attempt[]).find((a) => a.detail);
    expect(hop?.detail).toBe(`credentials not sent: https://mail.contoso.test:${eas.port} is another origin than https://contoso.test:${crossOrigin.port}`);
    expect((r.evidence.warnings as string[]).join('\n')).toContain('credentials were not sent there (another origin, as browsers do)');
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
  });
});

describe('check --email', () => {
  const args = (extra: string[] = []) => ['check', `mail.contoso.test:${eas.port}`, '--ca', ca, '--resolver', dns.spec, '--user', 'user1@contoso.test', '--email', 'user1@contoso.test', '--json', ...extra];
  const run = async (extra: string[] = []) => {
    const r = await runCli(args(extra), { env: { EAS_DOCTOR_PASSWORD: PASSWORD } });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { verdict: string; continueAt: string; steps: { step: string; status: string; classification?: string; summary: string; params: Record<string, unknown> }[] };
    return { ...out, code: r.code, step: (key: string) => out.steps.find((s) => s.step === key)! };
  };

  test('the HTTP redirect step goes to --http-port', async () => {
    eas.autodiscoverHosts = new Set(['mail.contoso.test']);
    const out = await run(['--http-port', String(plainRedirector.port)]);
    expect(seen.filter((q) => q.server === 'http').map((q) => `${q.method} ${q.host}`)).toEqual([`GET autodiscover.contoso.test:${plainRedirector.port}`]);
    expect(out.step('autodiscover')).toMatchObject({ status: 'warn', classification: 'found-via-redirect' });
  });

  test('a URL with an internal name fails, though it resolves here', async () => {
    eas.easUrl = `https://exch01.contoso.internal:${eas.port}/Microsoft-Server-ActiveSync`;
    const out = await run();
    expect(out.step('autodiscover-url')).toMatchObject({ status: 'fail', classification: 'internal-name' });
    expect(out.step('autodiscover-url').summary).toMatch(/^Autodiscover hands out https:\/\/exch01\.contoso\.internal:\d+\/Microsoft-Server-ActiveSync, an internal name: devices on the internet cannot resolve it/);
    // It was resolved and checked all the same: the server saw OPTIONS for that name.
    expect(eas.requests.some((q) => q.method === 'OPTIONS' && q.host === 'exch01.contoso.internal')).toBe(true);
    expect(out.verdict).toBe('fail');
    expect(out.continueAt).toBe('dns#external-url');
    expect(out.code).toBe(1);
  });

  test('a URL whose name does not resolve fails', async () => {
    eas.easUrl = `https://mail2.contoso.test:${eas.port}/Microsoft-Server-ActiveSync`;
    const out = await run();
    expect(out.step('autodiscover-url')).toMatchObject({ status: 'fail', classification: 'connect-failed' });
    expect(out.step('autodiscover-url').summary).toMatch(/mail2\.contoso\.test:\d+\/Microsoft-Server-ActiveSync, a name that does not resolve here \(ENOTFOUND\): devices cannot reach it/);
    expect(out.continueAt).toBe('dns#external-url');
  });

  test('a URL on another host that answers: checked too, and passes', async () => {
    eas.easUrl = `https://autodiscover.contoso.test:${eas.port}/Microsoft-Server-ActiveSync`;
    const out = await run();
    expect(out.step('autodiscover-url')).toMatchObject({ status: 'pass', classification: 'auth-required', params: { host: 'autodiscover.contoso.test', path: '/Microsoft-Server-ActiveSync' } });
    expect(out.verdict).toBe('pass');
  });

  test('the URL is HOST itself: nothing more to check', async () => {
    const out = await run();
    expect(out.step('autodiscover-url')).toMatchObject({ status: 'skip', summary: `skipped: the URL names mail.contoso.test:${eas.port}, checked above` });
  });
});

describe('internal names (the classifier alone)', () => {
  test.for([
    ['exch01', true],
    ['exch01.contoso.local', true],
    ['mail.corp', true],
    ['mail.contoso.internal', true],
    ['router.home.arpa', true],
    ['mail.contoso.com', false],
    ['mail.contoso.test', false],
    ['10.0.0.25', false],
    ['::1', false],
  ] as const)('%s: %s', ([name, internal]) => {
    expect(isInternalName(name)).toBe(internal);
  });
});
