// eas.autodiscover: the MobileSync Autodiscover order a device follows -- POST to
// https://<domain>, POST to https://autodiscover.<domain>, the unauthenticated HTTP GET that
// may redirect (with a warning), then SRV -- at most 10 redirects in all.
import { easAutodiscover as descriptor } from './descriptors/eas-autodiscover.js';
import { autodiscoverRequest, parseAutodiscover } from './lib/autodiscover-xml.js';
import { basicAuth, nameHint } from './lib/credentials.js';
import { bound, remainingMs } from './lib/deadline.js';
import { trustedRoots } from './lib/handshake.js';
import { HttpFailure, httpRequest, isVerificationCode, type HttpResponse } from './lib/http.js';
import { lookupVia, makeResolver } from './lib/resolve.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

/** Redirects (HTTP and address) allowed in one discovery. */
export const MAX_REDIRECTS = 10;

/**
 * Exchange Online's own host names (Microsoft 365 worldwide endpoints, Exchange Online row 1).
 * An ActiveSync URL on one of them means the mailbox lives in Exchange Online, whatever
 * on-premises Autodiscover sent the device there; any other host is an on-premises namespace.
 */
export const EXCHANGE_ONLINE_HOSTS: readonly string[] = ['outlook.office365.com', 'outlook.office.com', 'outlook.cloud.microsoft'];

/**
 * A hybrid organization's on-premises Autodiscover answers for a mailbox moved to Exchange
 * Online with a redirect to its routing address in the tenant's onmicrosoft.com domain.
 */
export const isMicrosoft365Address = (address: string): boolean => /\.onmicrosoft\.com\.?$/i.test(address.split('@')[1] ?? '');

/** Where an ActiveSync URL points: Exchange Online or an on-premises namespace. */
export function serviceOf(easUrl: URL): 'exchange-online' | 'on-premises' {
  return EXCHANGE_ONLINE_HOSTS.includes(easUrl.hostname.toLowerCase().replace(/\.$/, '')) ? 'exchange-online' : 'on-premises';
}

/** One step tried, for the evidence: where it went and how it ended. */
interface Attempt {
  step: string;
  method: string;
  url: string;
  outcome: string;
  status?: number;
  detail?: string;
}

type PostResult =
  | { kind: 'found'; url: string; name?: string }
  | { kind: 'address'; email: string }
  | { kind: 'limit' }
  | { kind: 'failed' };

const isRedirect = (s: number) => s === 301 || s === 302 || s === 303 || s === 307 || s === 308;

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const started = ctx.now();
  const port = Number(params.port ?? 443);
  const httpPort = Number(params.httpPort ?? 80);
  const resolverSpec = params.resolver ? String(params.resolver) : undefined;
  const password = ctx.secrets?.password;
  const ca = await trustedRoots(params.ca ? String(params.ca) : undefined);
  const b = bound(ctx);
  const lookup = lookupVia(resolverSpec, remainingMs(ctx), b.signal);
  const attempts: Attempt[] = [];
  const warnings: string[] = [];
  let redirects = 0;
  let email = String(params.email);
  let sawAuth = false;
  let badCredentials = false;
  let errorResponse: { code?: string; message?: string } | undefined;
  /** Endpoints that answered 200 with something else than Autodiscover XML (a web page, a portal). */
  const notAutodiscover: { url: string; what: string }[] = [];
  /** 401s from another origin than the step started at, where credentials were not sent. */
  const crossOriginAuth: string[] = [];
  // Each endpoint gets its own share of what is left, as a phone moves on from one that hangs.
  let stepCtx: ProbeContext = ctx;
  let stepShareMs = 0;
  /** Why the discovery points at Exchange Online, when it does before any URL is found. */
  let toExchangeOnline: string | undefined;

  const request = async (method: string, url: URL, withCredentials: boolean, body?: string): Promise<HttpResponse> => {
    const user = String(params.user ?? email);
    return httpRequest(
      {
        method,
        url,
        ca,
        lookup,
        body,
        rejectUnauthorized: withCredentials && !ctx.insecure,
        headers: {
          ...(body ? { 'content-type': 'text/xml; charset=utf-8' } : {}),
          ...(withCredentials && password ? { authorization: basicAuth(user, password) } : {}),
        },
      },
      stepCtx,
    );
  };
  const failure = (err: unknown): string => {
    if (!(err instanceof HttpFailure)) throw err;
    if (err.kind === 'stopped') return b.signal.aborted ? 'no answer before the deadline' : `no answer within this step's share of the deadline (${stepShareMs} ms): moved on`;
    if (err.kind === 'tls') {
      const why = err.code && err.code !== 'UNSPECIFIED' ? err.code : err.message.replace(/^the TLS handshake failed: /, '');
      const untrusted = isVerificationCode(err.code) || /too weak|too small/i.test(err.message);
      return `TLS failed (${why})${untrusted ? ': certificate not trusted, credentials not sent' : ''}`;
    }
    return `${err.kind === 'connect' ? 'could not connect' : 'bad HTTP'} (${err.code ?? err.message})`;
  };

  /**
   * POSTs to one endpoint, following HTTP redirects to https only. Credentials go only to the
   * origin the step started at: a redirect to another origin is followed without them, as
   * browsers drop Authorization across origins.
   */
  const post = async (step: string, start: URL): Promise<PostResult> => {
    let url = start;
    for (;;) {
      if (stepCtx.signal.aborted) return { kind: 'failed' };
      const attempt: Attempt = { step, method: 'POST', url: url.href, outcome: '' };
      attempts.push(attempt);
      if (url.protocol !== 'https:') {
        attempt.outcome = 'not tried: Autodiscover is only POSTed over HTTPS';
        return { kind: 'failed' };
      }
      const sameOrigin = url.origin === start.origin;
      const withCredentials = !!password && sameOrigin;
      if (password && !sameOrigin) {
        attempt.detail = `credentials not sent: ${url.origin} is another origin than ${start.origin}`;
        const warning = `a redirect led from ${start.origin} to ${url.origin}: credentials were not sent there (another origin, as browsers do)`;
        if (!warnings.includes(warning)) warnings.push(warning);
      }
      ctx.onProgress?.(`POST ${url.href}`);
      let r: HttpResponse;
      try {
        r = await request('POST', url, withCredentials, autodiscoverRequest(email));
      } catch (err) {
        attempt.outcome = failure(err);
        return { kind: 'failed' };
      }
      attempt.status = r.status;
      if (isRedirect(r.status) && r.headers.location) {
        if (++redirects > MAX_REDIRECTS) {
          attempt.outcome = `redirect number ${redirects}: limit reached`;
          return { kind: 'limit' };
        }
        const next = new URL(r.headers.location, url);
        attempt.outcome = `redirected to ${next.href}`;
        url = next;
        continue;
      }
      if (r.status === 401) {
        if (withCredentials) {
          badCredentials = true;
          attempt.outcome = 'credentials refused (401)';
        } else if (password) {
          crossOriginAuth.push(url.origin);
          attempt.outcome = `asks for credentials (401); not sent to another origin than ${start.origin}`;
        } else {
          sawAuth = true;
          attempt.outcome = 'asks for credentials (401); no password given';
        }
        return { kind: 'failed' };
      }
      if (r.status !== 200) {
        attempt.outcome = `HTTP ${r.status}`;
        return { kind: 'failed' };
      }
      const answer = parseAutodiscover(r.body);
      if (!answer) {
        const what = /<html[\s>]|<!doctype html/i.test(r.body) ? 'a web page' : r.headers['content-type'] ? `content of type ${r.headers['content-type']}` : 'a body that is not XML';
        notAutodiscover.push({ url: url.href, what });
        attempt.outcome = `HTTP 200 with ${what}: not an Autodiscover answer`;
        return { kind: 'failed' };
      }
      if (answer.url) {
        attempt.outcome = `ActiveSync URL ${answer.url}`;
        return { kind: 'found', url: answer.url, name: answer.name };
      }
      if (answer.redirectAddr) {
        attempt.outcome = `redirected to the address ${answer.redirectAddr}`;
        if (isMicrosoft365Address(answer.redirectAddr)) toExchangeOnline ??= `${url.host} redirected the address to ${answer.redirectAddr}, a Microsoft 365 routing address`;
        if (++redirects > MAX_REDIRECTS) return { kind: 'limit' };
        return { kind: 'address', email: answer.redirectAddr };
      }
      if (answer.error) {
        errorResponse = answer.error;
        attempt.outcome = `Autodiscover error ${answer.error.code ?? ''} ${answer.error.message ?? ''}`.trim();
        return { kind: 'failed' };
      }
      attempt.outcome = 'no MobileSync server in the response';
      return { kind: 'failed' };
    }
  };

  /** The unauthenticated GET over HTTP that may redirect to the real endpoint. */
  const viaHttp = async (domain: string): Promise<PostResult> => {
    const url = new URL(`http://autodiscover.${domain}:${httpPort}/Autodiscover/Autodiscover.xml`);
    const attempt: Attempt = { step: 'http-redirect', method: 'GET', url: url.href, outcome: '' };
    attempts.push(attempt);
    ctx.onProgress?.(`GET ${url.href}`);
    let r: HttpResponse;
    try {
      r = await request('GET', url, false);
    } catch (err) {
      attempt.outcome = failure(err);
      return { kind: 'failed' };
    }
    attempt.status = r.status;
    if (!(r.status === 301 || r.status === 302 || r.status === 307) || !r.headers.location) {
      attempt.outcome = `HTTP ${r.status}, no redirect`;
      return { kind: 'failed' };
    }
    if (++redirects > MAX_REDIRECTS) return { kind: 'limit' };
    const next = new URL(r.headers.location, url);
    attempt.outcome = `redirected to ${next.href}`;
    warnings.push(`the Autodiscover endpoint was found through an unauthenticated HTTP redirect to ${next.host}: devices ask the user to confirm it`);
    return post('http-redirect', next);
  };

  const viaSrv = async (domain: string): Promise<PostResult> => {
    const name = `_autodiscover._tcp.${domain}`;
    const attempt: Attempt = { step: 'srv', method: 'SRV', url: name, outcome: '' };
    attempts.push(attempt);
    const resolver = makeResolver(resolverSpec, remainingMs(stepCtx));
    const cancel = () => resolver.cancel();
    stepCtx.signal.addEventListener('abort', cancel, { once: true });
    try {
      const records = (await resolver.resolveSrv(name)).sort((x, y) => x.priority - y.priority || y.weight - x.weight);
      const top = records[0];
      if (!top) throw Object.assign(new Error('no records'), { code: 'ENODATA' });
      attempt.outcome = `points to ${top.name}:${top.port}`;
      return post('srv', new URL(`https://${top.name}:${top.port}/autodiscover/autodiscover.xml`));
    } catch (err) {
      attempt.outcome = `no SRV record (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
      return { kind: 'failed' };
    } finally {
      stepCtx.signal.removeEventListener('abort', cancel);
    }
  };

  const result = (classification: string, summary: string, extra: Record<string, unknown> = {}): ProbeResult => ({
    classification,
    summary,
    evidence: { email: String(params.email), ...(email !== params.email ? { finalEmail: email } : {}), redirects, attempts, warnings, ...extra },
    durationMs: ctx.now() - started,
  });

  try {
    for (;;) {
      const domain = email.split('@')[1] ?? '';
      const steps: [string, () => Promise<PostResult>][] = [
        ['https-domain', () => post('https-domain', new URL(`https://${domain}:${port}/autodiscover/autodiscover.xml`))],
        ['https-autodiscover', () => post('https-autodiscover', new URL(`https://autodiscover.${domain}:${port}/autodiscover/autodiscover.xml`))],
        ['http-redirect', () => viaHttp(domain)],
        ['srv', () => viaSrv(domain)],
      ];
      let nextEmail: string | undefined;
      for (const [i, [step, attempt]] of steps.entries()) {
        if (b.signal.aborted) break;
        stepShareMs = Math.floor(remainingMs(ctx) / (steps.length - i));
        const share = bound({ ...ctx, signal: b.signal }, stepShareMs);
        stepCtx = { ...ctx, signal: share.signal, deadline: Math.min(ctx.deadline, ctx.now() + stepShareMs) };
        let r: PostResult;
        try {
          r = await attempt();
        } finally {
          share.dispose();
          stepCtx = ctx;
        }
        if (r.kind === 'found') {
          const found = new URL(r.url);
          if (found.protocol !== 'https:') warnings.push(`the ActiveSync URL ${r.url} is not HTTPS`);
          if (!/^\/Microsoft-Server-ActiveSync\/?$/i.test(found.pathname)) warnings.push(`the ActiveSync URL ${r.url} does not end in /Microsoft-Server-ActiveSync`);
          const viaRedirect = step === 'http-redirect';
          const service = serviceOf(found);
          const where = service === 'exchange-online' ? ': the mailbox is in Exchange Online' : '';
          // Where the mailbox lives outweighs how it was found; the redirect warning stays in the evidence.
          const classification = service === 'exchange-online' ? 'found-exchange-online' : viaRedirect ? 'found-via-redirect' : 'found';
          return result(classification, `Autodiscover gives ${r.url} (step ${step}${viaRedirect ? ', through an unauthenticated HTTP redirect' : ''})${where}`, { easUrl: r.url, serverName: r.name, step, service });
        }
        if (r.kind === 'limit') return result('redirect-limit', `Autodiscover redirected more than ${MAX_REDIRECTS} times: a redirect loop`);
        if (r.kind === 'address') {
          nextEmail = r.email;
          break;
        }
      }
      if (nextEmail && !b.signal.aborted) {
        email = nextEmail;
        continue;
      }
      break;
    }
    if (b.reason()) return result('timeout', `Autodiscover for ${params.email} did not finish before the deadline`);
    // Exchange Online may refuse what the on-premises side accepted (Basic credentials, say):
    // where the mailbox lives is known all the same.
    if (toExchangeOnline) {
      const then = badCredentials ? 'the credentials were refused there' : sawAuth ? 'it asks for credentials there' : 'no ActiveSync URL came back from there';
      return result('redirected-to-exchange-online', `Autodiscover sends ${params.email} to Exchange Online (${toExchangeOnline}); ${then}`, { service: 'exchange-online' });
    }
    if (badCredentials) return result('bad-credentials', `Autodiscover refused the credentials for ${String(params.user ?? email)}: ${nameHint(String(params.user ?? email))}`);
    if (errorResponse) return result('error-response', `Autodiscover answered with an error: ${errorResponse.code ?? ''} ${errorResponse.message ?? ''}`.trim());
    if (crossOriginAuth.length) return result('auth-required', `Autodiscover redirected to ${crossOriginAuth[0]}, which asks for credentials: they were not sent to another origin than the one asked first (browsers do the same); point Autodiscover at that host directly`);
    if (sawAuth) return result('auth-required', `Autodiscover asks for credentials and none were given: run again with a password to get the ActiveSync URL`);
    if (notAutodiscover.length) return result('not-autodiscover', `${notAutodiscover[0]!.url} answered HTTP 200 with ${notAutodiscover[0]!.what}, not an Autodiscover answer (a portal or catch-all site in front of Exchange?): devices cannot read it`);
    return result('not-found', `no Autodiscover endpoint answered for ${email.split('@')[1]}: ${attempts.map((a) => `${a.step}: ${a.outcome}`).join('; ')}`);
  } finally {
    b.dispose();
  }
}

export const probe: Probe = { ...descriptor, run };
