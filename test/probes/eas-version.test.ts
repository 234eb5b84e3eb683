// eas.version against the loopback Exchange: the protocol versions OPTIONS offers as the user.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { generationOf, probe } from '../../src/probes/eas-version.js';
import { testCerts } from '../helpers/certs.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';
import { probeCtx } from '../helpers/probe-context.js';

const PASSWORD = 'Secret-Pa55';
let eas: EasServer;
let dns: DnsServer;
let ca: string;

beforeAll(async () => {
  ca = testCerts().files.rootCa;
  [eas, dns] = await Promise.all([startEasServer(), startDnsServer(contosoZone())]);
});
afterAll(async () => {
  await Promise.all([eas.close(), dns.close()]);
});
beforeEach(() => {
  eas.behaviour = 'exchange';
});

const run = (password?: string) =>
  probe.run({ host: 'mail.contoso.test', port: eas.port, user: 'user1@contoso.test', ca, resolver: dns.spec }, probeCtx(5000, password ? { secrets: { password } } : {}));

describe('eas.version', () => {
  test('16.1 among the versions: Exchange 2016 or later', async () => {
    const r = await run(PASSWORD);
    expect(r.classification).toBe('exchange-2016-or-later');
    expect(r.summary).toBe('mail.contoso.test offers ActiveSync 2.0, 2.1, 2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1: Exchange 2016 or later (2016, 2019, SE)');
  });

  test('14.1 at most: Exchange 2013 or older', async () => {
    eas.behaviour = 'exchange-2013';
    const r = await run(PASSWORD);
    expect(r.classification).toBe('exchange-2013-or-older');
    expect(r.evidence.versions).toEqual(['2.0', '2.1', '2.5', '12.0', '12.1', '14.0', '14.1']);
  });

  test('without the password the list is not given: no-versions, saying why', async () => {
    const r = await run();
    expect(r.classification).toBe('no-versions');
    expect(r.summary).toContain('it answers the list only after sign-in');
  });

  test.for([
    { versions: ['2.5', '12.0', '12.1', '14.0', '14.1', '16.0', '16.1'], expected: 'exchange-2016-or-later' },
    { versions: ['2.5', '12.0', '12.1', '14.0', '14.1', '16.0'], expected: 'exchange-2016-or-later' },
    { versions: ['2.5', '12.0', '12.1', '14.0', '14.1'], expected: 'exchange-2013-or-older' },
    { versions: ['2.5'], expected: 'exchange-2013-or-older' },
    { versions: [], expected: undefined },
    { versions: ['x'], expected: undefined },
  ])('generationOf($versions) is $expected', ({ versions, expected }) => {
    expect(generationOf(versions)).toBe(expected);
  });
});
