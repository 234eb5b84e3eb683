import { describe, expect, test } from 'vitest';
import { parseTarget } from '../../src/cli/commands/check.js';
import { classifyOptions } from '../../src/probes/eas-options.js';
import type { HttpResponse } from '../../src/probes/lib/http.js';

describe('check HOST[:PORT]', () => {
  test.for([
    ['mail.contoso.com', { host: 'mail.contoso.com', port: 443 }],
    ['mail.contoso.com:8443', { host: 'mail.contoso.com', port: 8443 }],
    ['10.0.0.25:443', { host: '10.0.0.25', port: 443 }],
    ['[::1]:8443', { host: '::1', port: 8443 }],
    ['::1', { host: '::1', port: 443 }],
  ] as const)('%s', ([raw, expected]) => {
    expect(parseTarget(raw)).toEqual(expected);
  });

  test.for([
    ['https://mail.contoso.com', 'looks like a URL'],
    ['mail.contoso.com/owa', 'looks like a URL'],
    ['mail.contoso.com:0', 'port "0" is not a number between 1 and 65535'],
    ['mail contoso', 'is not a host name or IP address'],
  ] as const)('%s is refused: %s', ([raw, message]) => {
    expect(() => parseTarget(raw)).toThrow(message);
  });
});

describe('OPTIONS answers that need no server', () => {
  const answer = (status: number, headers: Record<string, string> = {}, body = ''): HttpResponse => ({ status, statusText: '', headers, body, bodyTruncated: false, bodyIncomplete: false });
  test.for([
    [answer(302, { location: 'https://mail.contoso.com/CookieAuth.dll?GetLogon' }), 'forms-auth'],
    [answer(301, { location: 'https://other.contoso.com/Microsoft-Server-ActiveSync' }), 'redirect'],
    [answer(501), 'method-blocked'],
    [answer(400, {}, 'The HTTP verb OPTIONS is not allowed'), 'method-blocked'],
    [answer(502), 'server-error'],
    [answer(418), 'unexpected-status'],
    [answer(200, { 'ms-asprotocolversions': '14.0' }), 'anonymous'],
    [answer(503), 'service-unavailable'],
    [answer(503, { 'retry-after': '30' }), 'throttled'],
    [answer(503, { 'x-ms-asthrottle': 'Global' }), 'throttled'],
    [answer(401, { 'www-authenticate': 'Basic realm="x"' }), 'auth-required'],
  ] as const)('%# -> %s', ([response, classification]) => {
    expect(classifyOptions(response, undefined).classification).toBe(classification);
  });
});
