// eas.options: OPTIONS /Microsoft-Server-ActiveSync, first without credentials and then, when a
// user is given, with Basic credentials -- but only over verified TLS unless ctx.insecure.
import { easOptions as descriptor } from './descriptors/eas-options.js';
import { trustedRoots } from './lib/handshake.js';
import { HttpFailure, authSchemes, httpRequest, iisSubStatus, isVerificationCode, type HttpResponse } from './lib/http.js';
import { basicAuth, basicUserName, nameHint, userFormat } from './lib/credentials.js';
import { remainingMs } from './lib/deadline.js';
import { connectLookup, reachParams } from './lib/resolve.js';
import type { Evidence, Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

const FBA = /\/owa\/auth|logon\.aspx|\/owa\/?(\?|$)|\/CookieAuth\.dll/i;

/** What one OPTIONS answer means; `sentUser` when credentials went with it. */
export function classifyOptions(r: HttpResponse, sentUser: string | undefined): { classification: string; summary: string; evidence: Evidence } {
  const h = r.headers;
  const schemes = authSchemes(h);
  const subStatus = iisSubStatus(r.status, r.body);
  const evidence: Evidence = {
    status: r.status,
    ...(subStatus ? { subStatus } : {}),
    ...(schemes.length ? { authSchemes: schemes } : {}),
    ...(h['ms-server-activesync'] ? { msServerActiveSync: h['ms-server-activesync'] } : {}),
    ...(h['ms-asprotocolversions'] ? { versions: h['ms-asprotocolversions'].split(',').map((v) => v.trim()) } : {}),
    ...(h['ms-asprotocolcommands'] ? { commands: h['ms-asprotocolcommands'].split(',').map((v) => v.trim()) } : {}),
    ...(h.location ? { location: h.location } : {}),
    ...(h['x-ms-location'] ? { xMsLocation: h['x-ms-location'] } : {}),
    ...(h['retry-after'] ? { retryAfter: h['retry-after'] } : {}),
    ...(h['x-ms-asthrottle'] ? { throttle: h['x-ms-asthrottle'] } : {}),
    ...(h['x-ms-credential-service-url'] ? { credentialServiceUrl: h['x-ms-credential-service-url'] } : {}),
    ...(h.server ? { server: h.server } : {}),
    ...(r.bodyTruncated ? { bodyTruncated: true } : {}),
  };
  const s = (classification: string, summary: string) => ({ classification, summary, evidence });
  const status = r.status;
  if (status >= 200 && status < 300) {
    if (h['ms-server-activesync'] || h['ms-asprotocolversions']) {
      const versions = (evidence.versions as string[] | undefined)?.join(', ') ?? 'none listed';
      // Without credentials this is anonymous access to ActiveSync: a warning, whoever can reach it can use it.
      if (!sentUser) return s('anonymous', `ActiveSync answers without credentials (anonymous access: check the virtual directory's authentication): server ${h['ms-server-activesync'] ?? '?'}, protocol versions ${versions}`);
      return s('ok', `ActiveSync answers for ${sentUser}: server ${h['ms-server-activesync'] ?? '?'}, protocol versions ${versions}`);
    }
    if (FBA.test(r.body)) return s('forms-auth', `a logon form answered instead of ActiveSync: forms-based authentication is in the way`);
    return s('not-eas', `HTTP ${status} without the MS-Server-ActiveSync header: this is not an ActiveSync endpoint (or a proxy answers for it)`);
  }
  if (status >= 300 && status < 400) {
    if (FBA.test(h.location ?? '')) return s('forms-auth', `redirected to an OWA logon page (${h.location}): forms-based authentication is in the way of ActiveSync`);
    return s('redirect', `unexpected redirect (${status}) to ${h.location ?? 'nowhere'}: devices do not follow it`);
  }
  switch (status) {
    case 401: {
      const basic = schemes.some((x) => x.toLowerCase() === 'basic');
      if (!basic) return s('basic-missing', `the server asks for ${schemes.join(', ') || 'authentication'} but does not offer Basic, which devices need`);
      if (sentUser) return { classification: 'bad-credentials', summary: `the server refused the credentials for ${sentUser}: ${nameHint(sentUser)}`, evidence: { ...evidence, user: sentUser, userFormat: userFormat(sentUser) } };
      return s('auth-required', `ActiveSync asks for credentials (${schemes.join(', ')}), as it should`);
    }
    case 403:
      return s('forbidden', `access forbidden (HTTP ${subStatus ?? 403})${subStatus === '403.4' ? ': SSL is required' : subStatus === '403.7' ? ': a client certificate is required' : ''}`);
    case 404:
      return s('not-eas', `HTTP 404: no ActiveSync at this path on this server`);
    case 405:
    case 501:
      return s('method-blocked', `HTTP ${status}: OPTIONS is refused (a reverse proxy or URLScan blocks the verb)`);
    case 449:
      return s('needs-provisioning', `HTTP 449: the device must provision (accept the ActiveSync policy) first`);
    case 451:
      return s('redirect', `HTTP 451: the mailbox is served elsewhere; the server points to ${h['x-ms-location'] ?? '(no X-MS-Location header)'}`);
    case 456:
      return s('blocked', `HTTP 456: the account or device is blocked for ActiveSync`);
    case 457:
      return s('password-expired', `HTTP 457: the password has expired`);
    case 503:
      // [MS-ASHTTP] 3.1.5.2.3: a throttling server says so with Retry-After or X-MS-ASThrottle; a plain
      // 503 is an application pool or back end that is down.
      if (h['retry-after'] || h['x-ms-asthrottle']) return s('throttled', `HTTP 503: the server is throttling${h['x-ms-asthrottle'] ? ` (${h['x-ms-asthrottle']})` : ''}${h['retry-after'] ? `; retry after ${h['retry-after']} s` : ''}`);
      return s('service-unavailable', `HTTP 503 without Retry-After: the service is unavailable (a stopped application pool, or a back end that is down), not throttling`);
  }
  if (status >= 500) return s('server-error', `HTTP ${status}: the server failed${subStatus ? ` (${subStatus})` : ''}; its event log says why`);
  if (status === 400 && /OPTIONS|verb|method/i.test(r.body)) return s('method-blocked', `HTTP 400 naming the method: OPTIONS is refused`);
  return s('unexpected-status', `unexpected HTTP ${status} ${r.statusText}`);
}

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const host = String(params.host);
  const port = Number(params.port ?? 443);
  const scheme = String(params.scheme ?? 'https');
  const path = String(params.path ?? '/Microsoft-Server-ActiveSync');
  const user = params.user ? basicUserName(String(params.user), params.domain ? String(params.domain) : undefined) : undefined;
  const password = ctx.secrets?.password;
  const started = ctx.now();
  const url = new URL(`${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${path.startsWith('/') ? path : `/${path}`}`);
  const ca = await trustedRoots(params.ca ? String(params.ca) : undefined);
  const stop = new AbortController();
  const reach = reachParams(params);
  const lookup = connectLookup(reach, remainingMs(ctx), stop.signal);
  const base: Evidence = { url: url.href, ...(reach.address ? { connectTo: reach.address } : {}), ...(ctx.insecure ? { insecure: true } : {}) };
  const done = (classification: string, summary: string, evidence: Evidence): ProbeResult => ({ classification, summary, evidence: { ...base, ...evidence }, durationMs: ctx.now() - started });
  const failed = (err: unknown): ProbeResult => {
    if (!(err instanceof HttpFailure)) throw err;
    if (err.kind === 'stopped') return done('timeout', `${url.host}: ${err.message}`, { stage: 'request' });
    if (err.kind === 'connect') return done('connect-failed', `could not connect to ${url.host} (${err.code})`, { code: err.code });
    if (err.kind === 'tls') return done('handshake-failed', `TLS with ${url.host} failed: ${err.message}`, { code: err.code });
    return done('unexpected-status', `${url.host} did not answer HTTP properly: ${err.message}`, { code: err.code });
  };
  try {
    ctx.onProgress?.(`OPTIONS ${url.href}`);
    let anon: HttpResponse;
    try {
      anon = await httpRequest({ method: 'OPTIONS', url, ca, lookup }, ctx);
    } catch (err) {
      return failed(err);
    }
    const tlsEvidence = anon.tls ? { tls: anon.tls } : {};
    const first = classifyOptions(anon, undefined);
    if (!user || first.classification !== 'auth-required') {
      const note = user && !password ? { note: 'no password given: ran without credentials' } : {};
      return done(first.classification, first.summary, { ...first.evidence, ...tlsEvidence, ...note, authenticated: false });
    }
    if (!password) return done(first.classification, `${first.summary} (no password given, so credentials were not tried)`, { ...first.evidence, ...tlsEvidence, authenticated: false });
    // Never send a password where it could be read or phished, unless the user said so.
    if (!ctx.insecure) {
      if (url.protocol === 'http:') return done('credentials-withheld', `credentials were not sent: ${url.host} is plain HTTP (use --insecure to send them anyway)`, { ...tlsEvidence, authenticated: false });
      if (!anon.tls?.authorized) {
        return done('credentials-withheld', `credentials were not sent: the TLS certificate of ${url.host} failed verification (${anon.tls?.authorizationError ?? 'unknown'}); fix the certificate, pass its root with --ca, or use --insecure`, { ...tlsEvidence, authenticated: false });
      }
    }
    ctx.onProgress?.(`OPTIONS ${url.href} as ${user}`);
    let authed: HttpResponse;
    try {
      authed = await httpRequest({ method: 'OPTIONS', url, ca, lookup, rejectUnauthorized: !ctx.insecure, headers: { authorization: basicAuth(user, password), 'ms-asprotocolversion': '14.0' } }, ctx);
    } catch (err) {
      // The strict handshake refused what the lenient first one let through (a SHA-1 or
      // small-key chain): the password stayed home.
      if (err instanceof HttpFailure && err.kind === 'tls' && (isVerificationCode(err.code) || /TOO_SMALL|TOO_WEAK/.test(err.code ?? '') || /too weak|too small/i.test(err.message))) {
        const why = err.code && err.code !== 'UNSPECIFIED' ? err.code : err.message.replace(/^the TLS handshake failed: /, '');
        return done('credentials-withheld', `credentials were not sent: the TLS certificate of ${url.host} failed strict verification (${why}); fix the certificate or use --insecure`, { ...tlsEvidence, code: err.code, authenticated: false });
      }
      return failed(err);
    }
    const second = classifyOptions(authed, user);
    return done(second.classification, second.summary, { ...second.evidence, ...(authed.tls ? { tls: authed.tls } : {}), authenticated: true, user, unauthenticated: { status: anon.status, authSchemes: first.evidence.authSchemes } });
  } finally {
    stop.abort();
  }
}

export const probe: Probe = { ...descriptor, run };
