// tls.client-cert: GET the ActiveSync path presenting a client certificate (PFX, or PEM
// certificate and key) and classify what IIS lets us see: accepted, 403.7, 401(.2), 403.16.
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { tlsClientCert as descriptor } from './descriptors/tls-client-cert.js';
import { remainingMs } from './lib/deadline.js';
import { trustedRoots } from './lib/handshake.js';
import { HttpFailure, httpRequest, iisSubStatus, type HttpResponse } from './lib/http.js';
import { opensslText } from './lib/openssl-text.js';
import { connectLookup, reachParams } from './lib/resolve.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

/** TLS alerts a server sends when it does not accept the certificate it got (or got none). */
const CERT_ALERT = /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED)/;

async function loadCredentials(params: ProbeParams, passphrase: string | undefined): Promise<{ pfx?: Buffer; cert?: string; key?: string; error?: string }> {
  const read = async (path: string) => {
    try {
      return await readFile(path);
    } catch (err) {
      throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  try {
    if (params.pfx) {
      const pfx = await read(String(params.pfx));
      createSecureContext({ pfx, passphrase }); // opens it now, so a wrong passphrase reads as such
      return { pfx };
    }
    if (params.cert || params.key) {
      if (!params.cert || !params.key) return { error: 'give both cert and key (PEM), or pfx' };
      const cert = (await read(String(params.cert))).toString('utf8');
      const key = (await read(String(params.key))).toString('utf8');
      createSecureContext({ cert, key, passphrase });
      return { cert, key };
    }
    return {};
  } catch (err) {
    const msg = opensslText((err as Error).message);
    return { error: /mac verify|bad decrypt|passphrase|decrypt/i.test(msg) ? `cannot open the certificate: wrong or missing passphrase (${msg})` : msg };
  }
}

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const started = ctx.now();
  const host = String(params.host);
  const port = Number(params.port ?? 443);
  const path = String(params.path ?? '/Microsoft-Server-ActiveSync');
  const url = new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}${path.startsWith('/') ? path : `/${path}`}`);
  const done = (classification: string, summary: string, evidence: Record<string, unknown>): ProbeResult => ({ classification, summary, evidence: { url: url.href, ...evidence }, durationMs: ctx.now() - started });
  const creds = await loadCredentials(params, ctx.secrets?.passphrase);
  if (creds.error) return done('bad-certificate-file', creds.error, { file: params.pfx ?? params.cert ?? params.key });
  const sent = !!(creds.pfx || creds.cert);
  const ca = await trustedRoots(params.ca ? String(params.ca) : undefined);
  const stop = new AbortController();
  ctx.onProgress?.(`GET ${url.href}${sent ? ' with a client certificate' : ' without a client certificate'}`);
  let r: HttpResponse;
  try {
    r = await httpRequest({ method: 'GET', url, ca, ...creds, passphrase: ctx.secrets?.passphrase, lookup: connectLookup(reachParams(params), remainingMs(ctx), stop.signal) }, ctx);
  } catch (err) {
    if (!(err instanceof HttpFailure)) throw err;
    if (err.kind === 'stopped') return done('timeout', `${url.host}: ${err.message}`, { certificateSent: sent });
    if (err.kind === 'connect') return done('connect-failed', `could not connect to ${url.host} (${err.code})`, { code: err.code, certificateSent: sent });
    if (CERT_ALERT.test(err.code ?? '') || err.code === 'ECONNRESET') {
      return sent
        ? done('untrusted', `${url.host} refused the client certificate during the handshake (${err.code}): it does not trust its issuer`, { code: err.code, certificateSent: true })
        : done('required-not-sent', `${url.host} requires a client certificate and none was given (${err.code})`, { code: err.code, certificateSent: false });
    }
    return done('handshake-failed', `TLS with ${url.host} failed: ${err.message}`, { code: err.code, certificateSent: sent });
  } finally {
    stop.abort();
  }
  const sub = iisSubStatus(r.status, r.body);
  const evidence = { status: r.status, ...(sub ? { subStatus: sub } : {}), certificateSent: sent, ...(r.tls ? { tls: r.tls } : {}) };
  if (r.status === 403) {
    if (sub === '403.7') return done('required-not-sent', sent ? `${url.host} says a client certificate is required (403.7) though one was sent: the server did not ask for it or dropped it` : `${url.host} requires a client certificate (403.7) and none was given`, evidence);
    if (sub === '403.16' || sub === '403.13' || sub === '403.17') {
      const why = { '403.16': 'its issuer is not trusted by the server', '403.13': 'it is revoked', '403.17': 'it has expired or is not yet valid' }[sub];
      return done('untrusted', `${url.host} rejected the client certificate (${sub}): ${why}`, evidence);
    }
    return done('forbidden', `${url.host} answered 403${sub ? ` (${sub})` : ''} to the client certificate`, evidence);
  }
  if (r.status === 401) {
    return done('not-mapped', `${url.host} answered ${sub ?? '401'}: the certificate is not mapped to a user (add it under the user's Name Mappings > X.509 Certificates)`, evidence);
  }
  if (!sent) return done('accepted', `${url.host} answered HTTP ${r.status} without a client certificate: it does not require one`, evidence);
  return done('accepted', `${url.host} accepted the certificate logon (HTTP ${r.status}${r.status === 505 ? ', as ActiveSync answers a browser GET' : ''})`, evidence);
}

export const probe: Probe = { ...descriptor, run };
