// The real public lines of eas-facts.md section 4 and seed 002's excerpt, exactly as published.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildStories, findStory, parseLogTokens, scanFiles } from '../../src/evidence/index.js';

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures', 'logs');

describe('public lines (eas-facts.md section 4)', () => {
  test('each line is one request with its user, device, status and Log= tokens', async () => {
    const scan = await scanFiles([path.join(fixtures, 'public-lines.log')]);
    expect(scan).toMatchObject({ lines: 3, requests: 3, garbage: 0 });
    const stories = buildStories(scan);

    const nokia = findStory(stories, { user: 'Username' });
    expect(nokia).toMatchObject({
      classification: 'device-not-provisioned',
      continueAt: 'provisioning#policy-449',
      byStatus: { '449': 1 },
      byError: { DeviceNotProvisioned: 1 },
      byAs: { BlockedP: 1 },
      failedCommands: { Settings: 1 },
      mailboxServers: ['MB.DOMAIN.LOCAL'],
      firstSeen: '2011-05-06T11:30:11Z',
    });
    expect(nokia.usernames).toEqual([{ name: 'DOMAIN\\Username', form: 'netbios', count: 1, auth: 0 }]);
    expect(nokia.pairs[0]).toMatchObject({ deviceId: 'IMEIXXXXXXXX', deviceType: 'NokiaEmail' });
    expect(nokia.samples[0]).toMatchObject({ line: 1 });

    const htc = findStory(stories, { device: 'd849cec9be024c828b9af73da93bb59b' });
    expect(htc).toMatchObject({ classification: 'user-not-found', continueAt: 'auth#inheritance', byStatus: { '403': 1 }, byError: { UserPrincipalCouldNotBeFound: 1 }, failedCommands: { OPTIONS: 1 } });

    // KB 3108212: a back-end line published without its last fields; PrxFrom names the front end.
    const iphone = findStory(stories, { user: 'jmartin@contoso.com' });
    expect(iphone).toMatchObject({ classification: 'ok', proxied: 1, frontEnds: ['10.0.1.161'], mailboxServers: ['CLT-E16-MBX1.contoso.com'], byAs: { AllowedG: 1 } });
    expect(findStory(stories, { user: 'jmartin' }).name).toBe('jmartin@contoso.com');
  });

  test('Log= tokens of the KB 3108212 line', () => {
    const t = parseLogTokens('PrxFrom:10.0.1.161_V160_Ver1:160_HH:eas.contoso.com_SmtpAdrs:jmartin%40contoso.com_Fet:6014_Pk:4016830080_DevOS:iOS+9.2+13C71_As:AllowedG_Mbx:CLT-E16-MBX1.contoso.com_Throttle:0');
    expect(t).toMatchObject({
      proxyFrom: '10.0.1.161',
      version: '160',
      hostHeader: 'eas.contoso.com',
      smtpAddress: 'jmartin@contoso.com',
      policyKey: '4016830080',
      as: 'AllowedG',
      mailboxServer: 'CLT-E16-MBX1.contoso.com',
      throttle: '0',
    });
  });

  test('Log= tokens of seed 002, and the Exchange 2003 layout, never throw', () => {
    expect(parseLogTokens('V121_Ssnf:T_LdapC4_LdapL16_RpcC45_RpcL125_Ers1_Cpo19781_Fet19999_Pk0_Error:DeviceNotProvisioned_As:BlockedP_Mbx:MB.DOMAIN.LOCAL_Dc:DC.DOMAIN.LOCAL_Throttle0_')).toMatchObject({
      version: '121',
      error: 'DeviceNotProvisioned',
      as: 'BlockedP',
      mailboxServer: 'MB.DOMAIN.LOCAL',
      domainController: 'DC.DOMAIN.LOCAL',
    });
    expect(parseLogTokens('S143_Error:PolicyRefresh_')).toMatchObject({ easStatus: '143', error: 'PolicyRefresh' });
    expect(() => parseLogTokens('V2TCoSSC:0A0C0D0FS:1A0C0D0SP:1C2I105992S109982R')).not.toThrow();
  });
});

describe('seed 002 excerpt as published: wrapped, in Markdown emphasis, \\_ for _, a space lost', () => {
  test('both requests are repaired and the story is device-not-provisioned', async () => {
    const scan = await scanFiles([path.join(fixtures, 'seed-002-pasted.txt')]);
    expect(scan).toMatchObject({ requests: 2, repaired: 2, garbage: 0 });
    const stories = buildStories(scan);
    const options = findStory(stories, { user: 'XXXXXX' });
    expect(options).toMatchObject({ classification: 'ok', byStatus: { '200': 1 }, mailboxServers: ['MB.DOMAIN.LOCAL'] });
    const post = findStory(stories, { user: 'Username' });
    expect(post).toMatchObject({ classification: 'device-not-provisioned', byStatus: { '449': 1 }, byError: { DeviceNotProvisioned: 1 }, byAs: { BlockedP: 1 } });
    // "DOMAIN\Username192.168.100.201": the name is split from the address it was glued to.
    expect(post.usernames.map((u) => u.name)).toEqual(['DOMAIN\\Username']);
    expect(post.samples[0]!.line).toBe(5);
    expect(scan.repairedSamples[0]!.text).toContain('Log=V0_LdapC9_LdapL16_Mbx:MB.DOMAIN.LOCAL_Dc:');
  });
});
