import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifyConnectError, probe } from '../../src/probes/tcp-connect.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { probeCtx } from '../helpers/probe-context.js';

describe('tcp.connect', () => {
  let server: net.Server;
  let port: number;
  let closedPort: number;
  let dns: DnsServer;
  beforeAll(async () => {
    server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
    // A port that was just free: nothing listens there any more.
    const tmp = net.createServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', () => r()));
    closedPort = (tmp.address() as AddressInfo).port;
    await new Promise<void>((r) => tmp.close(() => r()));
    dns = await startDnsServer({ 'mail.contoso.test': { A: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await dns.close();
  });

  test('connected to a listening loopback port', async () => {
    const r = await probe.run({ host: '127.0.0.1', port }, probeCtx());
    expect(r.classification).toBe('connected');
    expect(r.summary).toContain(`127.0.0.1:${port} accepted the connection`);
    expect(r.evidence).toMatchObject({ host: '127.0.0.1', port, address: '127.0.0.1' });
  });

  test('refused where nothing listens', async () => {
    const r = await probe.run({ host: '127.0.0.1', port: closedPort }, probeCtx());
    expect(r.classification).toBe('refused');
    expect(r.summary).toMatch(/refused the connection/);
    expect(r.evidence.code).toBe('ECONNREFUSED');
  });

  test('resolves the host through the configured resolver', async () => {
    const r = await probe.run({ host: 'mail.contoso.test', port, resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe('connected');
  });

  test('a name the resolver does not know is dns-failed', async () => {
    const r = await probe.run({ host: 'nope.contoso.test', port, resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe('dns-failed');
  });

  test.for([
    ['ECONNREFUSED', 'refused'],
    ['ETIMEDOUT', 'timeout'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'unreachable'],
    ['EADDRNOTAVAIL', 'unreachable'],
    ['ENOTFOUND', 'dns-failed'],
    ['EAI_AGAIN', 'dns-failed'],
    ['ESERVFAIL', 'dns-failed'],
    ['ECONNRESET', 'error'],
    [undefined, 'error'],
  ] as const)('classifies %s as %s', ([code, expected]) => {
    expect(classifyConnectError(code)).toBe(expected);
  });
});
