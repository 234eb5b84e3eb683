// Every probe returns within its deadline (+1 s allowed, asserted with a little slack)
// against servers that stall at each stage. Probes are called directly, not through the
// runner, so its safety net cannot hide a probe that ignores its deadline.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProbe } from '../../src/probes/registry.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { HOSTILE_KINDS, startHostile, startSilentDns, type HostileKind } from '../helpers/hostile-servers.js';
import type { Running } from '../helpers/tls-servers.js';
import { testCerts } from '../helpers/certs.js';
import { probeCtx } from '../helpers/probe-context.js';

const DEADLINE_MS = 600;
const SLACK_MS = 1500;
const hostile = {} as Record<HostileKind, Running>;
let dns: DnsServer;
let silentDns: { spec: string; close(): Promise<void> };

beforeAll(async () => {
  await Promise.all(HOSTILE_KINDS.map(async (k) => (hostile[k] = await startHostile(k))));
  dns = await startDnsServer(contosoZone());
  silentDns = await startSilentDns();
});
afterAll(async () => {
  await Promise.all([...Object.values(hostile).map((s) => s.close()), dns.close(), silentDns.close()]);
});

/** Params that aim each network probe at a hostile server. */
const paramsFor = (id: string, port: number): Record<string, string | number> => {
  const base = { host: 'mail.contoso.test', port, resolver: dns.spec, ca: testCerts().files.rootCa };
  switch (id) {
    case 'tcp.connect':
    case 'tls.legacy':
      return { host: 'mail.contoso.test', port, resolver: dns.spec };
    case 'eas.autodiscover':
      return { email: 'user1@contoso.test', port, httpPort: port, resolver: dns.spec, ca: testCerts().files.rootCa };
    case 'tls.client-cert':
      return { ...base, cert: testCerts().files.clientCert, key: testCerts().files.clientKey };
    default:
      return { ...base, user: 'user1', domain: 'CONTOSO' };
  }
};

const HTTP_PROBES = ['tcp.connect', 'tls.certificate', 'tls.legacy', 'eas.options', 'eas.autodiscover', 'tls.client-cert'];
const cases = HTTP_PROBES.flatMap((id) => HOSTILE_KINDS.map((kind) => ({ id, kind })));

describe('no probe runs past its deadline', () => {
  test.concurrent.for(cases)('$id vs $kind server', async ({ id, kind }) => {
    const probe = await loadProbe(id);
    const started = Date.now();
    const r = await probe.run(paramsFor(id, hostile[kind].port), probeCtx(DEADLINE_MS, { secrets: { password: 'Secret-Pa55' } }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect([...probe.classifications, 'timeout', 'error']).toContain(r.classification);
    expect(JSON.stringify(r)).not.toContain('Secret-Pa55');
  });

  test.concurrent.for(['dns.lookup', 'dns.autodiscover', 'tcp.connect', 'eas.options', 'eas.autodiscover'])('%s vs a DNS server that never answers', async (id) => {
    const probe = await loadProbe(id);
    const params = id === 'dns.autodiscover' ? { domain: 'contoso.test' } : id === 'eas.autodiscover' ? { email: 'user1@contoso.test' } : { host: 'mail.contoso.test', port: 443 };
    const started = Date.now();
    const r = await probe.run({ ...params, resolver: silentDns.spec }, probeCtx(DEADLINE_MS));
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(r.classification).not.toBe('resolved');
  });

  test('a slow body does not hide the status: eas.options classifies the 401 it got', async () => {
    const probe = await loadProbe('eas.options');
    const r = await probe.run({ host: 'mail.contoso.test', port: hostile['body-trickle'].port, resolver: dns.spec, ca: testCerts().files.rootCa }, probeCtx(DEADLINE_MS));
    expect(r.classification).toBe('auth-required');
  });

  test('an endless body is capped at 64 KiB', async () => {
    const { httpRequest } = await import('../../src/probes/lib/http.js');
    const r = await httpRequest({ method: 'GET', url: new URL(`https://127.0.0.1:${hostile['body-forever'].port}/`) }, probeCtx(3000));
    expect(r.bodyTruncated).toBe(true);
    expect(r.body.length).toBe(64 * 1024);
  });

  test('stalled servers end as timeout', async () => {
    const probe = await loadProbe('tls.certificate');
    const r = await probe.run({ host: '127.0.0.1', port: hostile['mid-handshake'].port }, probeCtx(DEADLINE_MS));
    expect(r.classification).toBe('timeout');
    const opts = await loadProbe('eas.options');
    const h = await opts.run({ host: '127.0.0.1', port: hostile['headers-forever'].port }, probeCtx(DEADLINE_MS));
    expect(h.classification).toBe('timeout');
  });

  test('an abort stops a probe at once', async () => {
    const probe = await loadProbe('tls.certificate');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const r = await probe.run({ host: '127.0.0.1', port: hostile.silent.port }, probeCtx(10_000, { signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.classification).toBe('timeout');
  });
});
