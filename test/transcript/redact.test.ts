import { describe, expect, test } from 'vitest';
import { maskingRedactor, scrubSecrets } from '../../src/transcript/redact.js';

describe('maskingRedactor().text', () => {
  test.for([
    ['an e-mail address', 'mail jdoe@contoso.com now', 'mail email-1@example.invalid now'],
    ['a host name', 'connect to mail.contoso.com:443', 'connect to host-1:443'],
    ['a host in a URL', 'https://autodiscover.contoso.com/autodiscover/autodiscover.xml', 'https://host-1/autodiscover/autodiscover.xml'],
    ['an IPv4 address', 'from 192.168.1.20.', 'from ip-1.'],
    ['an IPv6 address', 'AAAA 2001:db8::1 and fe80::1', 'AAAA ip-1 and ip-2'],
    ['DOMAIN\\user', 'logon CONTOSO\\jdoe failed', 'logon domain-1\\user-1 failed'],
    ['the same value twice, in any case', 'Mail.contoso.com mail.contoso.com mail.CONTOSO.com', 'Mail.contoso.com host-1 mail.CONTOSO.com'],
    ['a version number', 'Exchange 15.2.1118.7 and IIS 10.0', 'Exchange 15.2.1118.7 and IIS 10.0'],
    ['a file name', 'see 001_25121ff90c942795.txt and web.config', 'see 001_25121ff90c942795.txt and web.config'],
    ['a probe id and a PowerShell property', 'eas.options: ok; $cert.thumbprint; [System.Net.ServicePointManager]::SecurityProtocol', 'eas.options: ok; $cert.thumbprint; [System.Net.ServicePointManager]::SecurityProtocol'],
    ['a registry path', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP'],
    ['a built-in account', 'IIS APPPOOL\\MSExchangeSyncAppPool and NT AUTHORITY\\SYSTEM', 'IIS APPPOOL\\MSExchangeSyncAppPool and NT AUTHORITY\\SYSTEM'],
    ['a Microsoft service host', 'see https://learn.microsoft.com/exchange and outlook.office365.com', 'see https://learn.microsoft.com/exchange and outlook.office365.com'],
    ['a clock time', 'at 10:30:00 UTC', 'at 10:30:00 UTC'],
  ] as const)('%s', ([, input, want]) => {
    expect(maskingRedactor().text(input)).toBe(want);
  });

  test('learned values are masked wherever they stand, numbered in order of first sight', () => {
    const r = maskingRedactor();
    r.learn('CONTOSO\\jdoe', 'user');
    r.learn('exch01', 'host');
    expect(r.value('exch01', 'host')).toBe('host-1');
    expect(r.text('Restart IIS on EXCH01 for jdoe (CONTOSO\\jdoe) and for CONTOSO\\asmith')).toBe('Restart IIS on host-1 for user-1 (domain-1\\user-1) and for domain-1\\user-2');
    expect(r.value('mail.contoso.com:8443', 'host')).toBe('host-2:8443');
    expect(r.value('10.0.0.5:443', 'host')).toBe('ip-1:443');
  });

  test('masks differ per value and stay the same per value', () => {
    const r = maskingRedactor();
    expect([r.text('a.contoso.com'), r.text('b.contoso.com'), r.text('a.contoso.com')]).toEqual(['host-1', 'host-2', 'host-1']);
  });
});

describe('scrubSecrets', () => {
  test('replaces a secret in every string of a value, keys untouched', () => {
    const secrets = new Set(['s3cret!']);
    expect(scrubSecrets({ a: 'x s3cret! y', b: ['s3cret!'], c: { s3cret: 1 }, n: 4 }, secrets)).toEqual({ a: 'x [secret] y', b: ['[secret]'], c: { s3cret: 1 }, n: 4 });
  });
});
