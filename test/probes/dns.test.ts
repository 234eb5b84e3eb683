import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probe as lookup } from '../../src/probes/dns-lookup.js';
import { probe as autodiscover } from '../../src/probes/dns-autodiscover.js';
import { parseResolverSpec } from '../../src/probes/lib/resolve.js';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { probeCtx } from '../helpers/probe-context.js';

let dns: DnsServer;
beforeAll(async () => {
  dns = await startDnsServer({
    'mail.contoso.test': { A: ['192.0.2.10'], AAAA: ['2001:db8::10'] },
    'owa.contoso.test': { CNAME: 'edge.contoso.test' },
    'edge.contoso.test': { CNAME: 'mail.contoso.test' },
    'dangling.contoso.test': { CNAME: 'gone.contoso.test' },
    'gone.contoso.test': {},
    'txt-only.contoso.test': {},
    'broken.contoso.test': { servfail: true },
    'contoso.test': { A: ['192.0.2.1'] },
    'autodiscover.contoso.test': { CNAME: 'mail.contoso.test' },
    '_autodiscover._tcp.contoso.test': { SRV: [{ priority: 10, weight: 5, port: 443, target: 'mail.contoso.test' }] },
    'fabrikam.test': { A: ['192.0.2.2'] },
    '_autodiscover._tcp.fabrikam.test': { SRV: [{ priority: 0, weight: 0, port: 8443, target: 'mail.fabrikam.test' }] },
    'adatum.test': { A: ['192.0.2.3'] },
    'autodiscover.adatum.test': { A: ['192.0.2.4'] },
    'northwind.test': { A: ['192.0.2.5'] },
    'autodiscover.broken.test': { servfail: true },
    '_autodiscover._tcp.broken.test': { servfail: true },
  });
});
afterAll(() => dns.close());

describe('dns.lookup', () => {
  test.for([
    { host: 'mail.contoso.test', classification: 'resolved', summary: 'mail.contoso.test resolves to 192.0.2.10, 2001:db8::10' },
    { host: 'owa.contoso.test', classification: 'resolved', summary: 'via CNAME edge.contoso.test -> mail.contoso.test' },
    { host: 'nothing.contoso.test', classification: 'nxdomain', summary: 'does not exist in DNS (NXDOMAIN' },
    { host: 'txt-only.contoso.test', classification: 'no-records', summary: 'exists in DNS but has no A or AAAA record' },
    { host: 'dangling.contoso.test', classification: 'no-records', summary: 'CNAME gone.contoso.test leads nowhere' },
    { host: 'broken.contoso.test', classification: 'servfail', summary: 'failed to answer' },
  ])('$host is $classification', async ({ host, classification, summary }) => {
    const r = await lookup.run({ host, resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe(classification);
    expect(r.summary).toContain(summary);
    expect(r.evidence.resolver).toBe(dns.spec);
  });

  test('the CNAME chain and both address families are evidence', async () => {
    const r = await lookup.run({ host: 'owa.contoso.test', resolver: dns.spec }, probeCtx());
    expect(r.evidence).toMatchObject({ cnames: ['edge.contoso.test', 'mail.contoso.test'], a: ['192.0.2.10'], aaaa: ['2001:db8::10'] });
    expect(JSON.parse(JSON.stringify(r.evidence))).toEqual(r.evidence);
  });

  test('an IP address needs no lookup and sends no query', async () => {
    const before = dns.queries.length;
    const r = await lookup.run({ host: '127.0.0.1', resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe('resolved');
    expect(dns.queries.length).toBe(before);
  });
});

describe('dns.autodiscover', () => {
  test.for([
    { domain: 'contoso.test', classification: 'host-and-srv', summary: 'autodiscover.contoso.test -> mail.contoso.test -> 192.0.2.10' },
    { domain: 'fabrikam.test', classification: 'srv-only', summary: 'SRV _autodiscover._tcp.fabrikam.test -> mail.fabrikam.test:8443' },
    { domain: 'adatum.test', classification: 'host-only', summary: 'no SRV record _autodiscover._tcp.adatum.test' },
    { domain: 'northwind.test', classification: 'not-found', summary: 'devices cannot find Autodiscover through DNS' },
    { domain: 'broken.test', classification: 'servfail', summary: 'failed to answer' },
  ])('$domain is $classification', async ({ domain, classification, summary }) => {
    const r = await autodiscover.run({ domain, resolver: dns.spec }, probeCtx());
    expect(r.classification).toBe(classification);
    expect(r.summary).toContain(summary);
  });

  test('SRV records are evidence', async () => {
    const r = await autodiscover.run({ domain: 'contoso.test', resolver: dns.spec }, probeCtx());
    expect(r.evidence.srv).toEqual([{ target: 'mail.contoso.test', port: 443, priority: 10, weight: 5 }]);
  });
});

describe('resolver spec', () => {
  test.for([
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.1:5353', '127.0.0.1:5353'],
    ['[::1]:5353', '[::1]:5353'],
    ['::1', '::1'],
  ] as const)('%s is accepted as %s', ([spec, server]) => {
    expect(parseResolverSpec(spec)).toEqual({ server });
  });
  test.for(['dns.google', '127.0.0.1:99999', '1.2.3:53', ''])('%j is refused with a hint', (spec: string) => {
    const r = parseResolverSpec(spec);
    expect('error' in r && r.error).toMatch(/IP:PORT|out of range/);
  });
});
