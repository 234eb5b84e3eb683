import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { isMicrosoft365Address, probe } from '../../src/probes/eas-autodiscover.js';
import { parseAutodiscover } from '../../src/probes/lib/autodiscover-xml.js';
import { testCerts } from '../helpers/certs.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, startRedirector, type EasServer } from '../helpers/eas-server.js';
import { probeCtx } from '../helpers/probe-context.js';
import type { Running } from '../helpers/tls-servers.js';

const PASSWORD = 'Secret-Pa55';
let eas: EasServer;
let dns: DnsServer;
let redirector: Running;
let ca: string;
const CLOSED_PORT = 1;

beforeAll(async () => {
  ca = testCerts().files.rootCa;
  eas = await startEasServer();
  redirector = await startRedirector(() => `https://mail.contoso.test:${eas.port}/autodiscover/autodiscover.xml`);
  dns = await startDnsServer(
    contosoZone({
      '_autodiscover._tcp.fabrikam.test': { SRV: [{ priority: 0, weight: 0, port: eas.port, target: 'mail.contoso.test' }] },
    }),
  );
});
afterAll(async () => {
  await Promise.all([eas.close(), redirector.close(), dns.close()]);
});
beforeEach(() => {
  eas.autodiscover = 'ok';
  eas.autodiscoverHosts = new Set(['autodiscover.contoso.test']);
  eas.requests.length = 0;
});

const params = (extra: Record<string, string | number> = {}) => ({ email: 'user1@contoso.test', port: eas.port, httpPort: CLOSED_PORT, ca, resolver: dns.spec, ...extra });
const withPassword = (password = PASSWORD) => probeCtx(5000, { secrets: { password } });

describe('eas.autodiscover', () => {
  test('found at https://autodiscover.<domain> after https://<domain> answered 404', async () => {
    const r = await probe.run(params(), withPassword());
    expect(r.classification).toBe('found');
    expect(r.summary).toBe(`Autodiscover gives ${eas.easUrl} (step https-autodiscover)`);
    expect(r.evidence.easUrl).toBe(eas.easUrl);
    expect(r.evidence.service).toBe('on-premises');
    expect((r.evidence.attempts as { step: string; outcome: string }[]).map((a) => `${a.step}: ${a.outcome}`)).toEqual([
      'https-domain: HTTP 404',
      `https-autodiscover: ActiveSync URL ${eas.easUrl}`,
    ]);
  });

  test('found at the first step when https://<domain> answers', async () => {
    eas.autodiscoverHosts = new Set(['contoso.test']);
    const r = await probe.run(params(), withPassword());
    expect(r.classification).toBe('found');
    expect(r.evidence.step).toBe('https-domain');
  });

  test('found through the unauthenticated HTTP redirect: a warning', async () => {
    eas.autodiscoverHosts = new Set(['mail.contoso.test']);
    const r = await probe.run(params({ httpPort: redirector.port }), withPassword());
    expect(r.classification).toBe('found-via-redirect');
    expect(r.summary).toContain('through an unauthenticated HTTP redirect');
    expect((r.evidence.warnings as string[])[0]).toContain('devices ask the user to confirm it');
  });

  test('found through SRV _autodiscover._tcp when no host answers', async () => {
    eas.autodiscoverHosts = new Set(['mail.contoso.test']);
    const r = await probe.run(params({ email: 'user1@fabrikam.test', user: 'user1@contoso.test' }), withPassword());
    expect(r.classification).toBe('found');
    expect(r.evidence.step).toBe('srv');
  });

  // A hybrid organization's on-premises Autodiscover hands a moved mailbox's device Exchange
  // Online's URL; the probe reports where the mailbox lives without contacting that host.
  test.for([
    { url: 'https://outlook.office365.com/Microsoft-Server-ActiveSync', classification: 'found-exchange-online', service: 'exchange-online' },
    { url: 'https://OUTLOOK.OFFICE.COM/Microsoft-Server-ActiveSync', classification: 'found-exchange-online', service: 'exchange-online' },
    { url: 'https://outlook.office365.com.contoso.test/Microsoft-Server-ActiveSync', classification: 'found', service: 'on-premises' },
  ])('an ActiveSync URL on $url: $classification', async ({ url, classification, service }) => {
    const own = eas.easUrl;
    eas.easUrl = url;
    try {
      const r = await probe.run(params(), withPassword());
      expect(r.classification).toBe(classification);
      expect(r.evidence.service).toBe(service);
      expect(r.evidence.easUrl).toBe(url);
      expect(r.summary.endsWith(': the mailbox is in Exchange Online')).toBe(service === 'exchange-online');
      expect(eas.requests.every((q) => q.host !== new URL(url).hostname)).toBe(true);
    } finally {
      eas.easUrl = own;
    }
  });

  test('Exchange Online found through the unauthenticated HTTP redirect: the place wins, the warning stays', async () => {
    const own = eas.easUrl;
    eas.easUrl = 'https://outlook.office365.com/Microsoft-Server-ActiveSync';
    eas.autodiscoverHosts = new Set(['mail.contoso.test']);
    try {
      const r = await probe.run(params({ httpPort: redirector.port }), withPassword());
      expect(r.classification).toBe('found-exchange-online');
      expect((r.evidence.warnings as string[])[0]).toContain('devices ask the user to confirm it');
    } finally {
      eas.easUrl = own;
    }
  });

  // Hybrid: on-premises Autodiscover redirects a moved mailbox's address to its routing
  // address in the tenant's onmicrosoft.com domain. Where Exchange Online then refuses or
  // cannot be reached, the place is known all the same.
  test('a redirect to an onmicrosoft.com routing address that goes no further: redirected-to-exchange-online', async () => {
    eas.autodiscover = 'redirect-addr';
    const r = await probe.run(params(), withPassword());
    expect(r.classification).toBe('redirected-to-exchange-online');
    expect(r.evidence.service).toBe('exchange-online');
    expect(r.evidence.finalEmail).toBe('user1@contoso.mail.onmicrosoft.com');
    expect(r.summary).toMatch(/^Autodiscover sends user1@contoso\.test to Exchange Online \(autodiscover\.contoso\.test:\d+ redirected the address to user1@contoso\.mail\.onmicrosoft\.com, a Microsoft 365 routing address\); no ActiveSync URL came back from there$/);
  });

  test('a redirect to an onmicrosoft.com address whose Autodiscover gives an Exchange Online URL: found-exchange-online', async () => {
    // The test certificate names *.contoso.test, so the second domain's endpoint is found by SRV.
    const chain = await startDnsServer(contosoZone({ '_autodiscover._tcp.contoso.mail.onmicrosoft.com': { SRV: [{ priority: 0, weight: 0, port: eas.port, target: 'mail.contoso.test' }] } }));
    const own = eas.easUrl;
    eas.autodiscover = 'redirect-addr';
    eas.autodiscoverHosts = new Set(['autodiscover.contoso.test', 'mail.contoso.test']);
    eas.easUrl = 'https://outlook.office365.com/Microsoft-Server-ActiveSync';
    try {
      const r = await probe.run(params({ resolver: chain.spec, user: 'user1@contoso.test' }), withPassword());
      expect(r.classification).toBe('found-exchange-online');
      expect(r.evidence.finalEmail).toBe('user1@contoso.mail.onmicrosoft.com');
      expect(r.evidence.step).toBe('srv');
    } finally {
      eas.easUrl = own;
      await chain.close();
    }
  });

  test('a redirect to an address in another on-premises domain is not Exchange Online', async () => {
    expect(isMicrosoft365Address('user1@contoso.mail.onmicrosoft.com')).toBe(true);
    expect(isMicrosoft365Address('user1@onmicrosoft.com.contoso.test')).toBe(false);
    expect(isMicrosoft365Address('user1@fabrikam.test')).toBe(false);
  });

  test('without a password: auth-required', async () => {
    const r = await probe.run(params(), probeCtx());
    expect(r.classification).toBe('auth-required');
    expect(eas.requests.every((q) => !q.authorization)).toBe(true);
  });

  test('a wrong password: bad-credentials, and the password is nowhere in the result', async () => {
    const r = await probe.run(params(), withPassword('not-it-123'));
    expect(r.classification).toBe('bad-credentials');
    expect(JSON.stringify(r)).not.toContain('not-it-123');
  });

  test('an Error response: error-response with the code', async () => {
    eas.autodiscover = 'error';
    const r = await probe.run(params(), withPassword());
    expect(r.classification).toBe('error-response');
    expect(r.summary).toContain('600 Invalid Request');
  });

  test('a redirect loop stops after 10 redirects', async () => {
    eas.autodiscover = 'loop';
    // The loop runs inside the first step, which gets a quarter of the deadline: room for 11 handshakes under load.
    const r = await probe.run(params(), probeCtx(20_000, { secrets: { password: PASSWORD } }));
    expect(r.classification).toBe('redirect-limit');
    expect(r.evidence.redirects).toBe(11);
  });

  test('nothing answers: not-found, with where each step failed', async () => {
    eas.autodiscoverHosts = new Set();
    const r = await probe.run(params(), withPassword());
    expect(r.classification).toBe('not-found');
    expect(r.summary).toMatch(/https-domain: HTTP 404; https-autodiscover: HTTP 404; http-redirect: could not connect \(ECONNREFUSED\); srv: no SRV record/);
  });

  test('credentials never go to an endpoint whose certificate fails verification', async () => {
    const r = await probe.run(params({ ca: '' }), withPassword());
    expect(r.classification).toBe('not-found');
    expect(r.summary).toContain('certificate not trusted, credentials not sent');
    expect(eas.requests).toEqual([]);
  });
});

describe('Autodiscover XML', () => {
  test.for([
    ['<Autodiscover><Response><Action><Settings><Server><Type>MobileSync</Type><Url>https://a/Microsoft-Server-ActiveSync</Url></Server></Settings></Action></Response></Autodiscover>', { url: 'https://a/Microsoft-Server-ActiveSync' }],
    ['<a:Autodiscover xmlns:a="x"><a:Response><a:Action><a:Redirect>u@b.test</a:Redirect></a:Action></a:Response></a:Autodiscover>', { redirectAddr: 'u@b.test' }],
    ['<Autodiscover><Response><Error><ErrorCode>600</ErrorCode><Message>Invalid Request</Message></Error></Response></Autodiscover>', { error: { code: '600', message: 'Invalid Request' } }],
    // Numeric references decode (a line break, an ESC the terminal layer then shows escaped); one
    // pass, so an escaped entity stays what it says; a reference to no code point stays as written.
    ['<Autodiscover><Response><Error><ErrorCode>600</ErrorCode><Message>a&#10;b&#x1B;c &amp;lt; &#xD800; &#65;</Message></Error></Response></Autodiscover>', { error: { code: '600', message: 'a\nb\u001bc &lt; &#xD800; A' } }],
    ['<html>not it</html>', undefined],
  ] as const)('%s', ([xml, expected]) => {
    expect(parseAutodiscover(xml)).toMatchObject(expected ?? {});
    if (!expected) expect(parseAutodiscover(xml)).toBeUndefined();
  });
});
