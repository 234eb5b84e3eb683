// One bounded HTTP(S) exchange for probes: no connection reuse, no redirects followed, the
// body capped, and everything torn down at the deadline or on abort -- whatever the server
// does (stall after accept, mid-handshake, in the headers or in an endless body).
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import type { ProbeContext } from '../types.js';
import { bound, type StopReason } from './deadline.js';
import { opensslText } from './openssl-text.js';

/** Bodies are read up to this many bytes, then the connection is closed. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequestOptions {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  /** Request body: text, or bytes (ActiveSync WBXML). */
  body?: string | Uint8Array;
  /** Trusted roots; Node's bundled list when absent. */
  ca?: string[];
  /**
   * A TLS context made once for many requests (parsing a root bundle per request costs tens of
   * milliseconds); when given it replaces `ca`, `cert`, `key` and the cipher settings.
   */
  secureContext?: SecureContext;
  /** Fail the handshake on an unverified certificate (before any request byte is sent). */
  rejectUnauthorized?: boolean;
  cert?: string;
  key?: string;
  pfx?: Buffer;
  passphrase?: string;
  lookup?: LookupFunction;
  /** @default MAX_BODY_BYTES */
  maxBodyBytes?: number;
}

/** TLS facts about the connection a response came over. */
export interface TlsFacts {
  authorized: boolean;
  authorizationError?: string;
  protocol?: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** The same body as bytes (WBXML is binary); set by httpRequest. */
  raw?: Buffer;
  /** The body was longer than the cap. */
  bodyTruncated: boolean;
  /** The body did not finish before the deadline (or the server broke off). */
  bodyIncomplete: boolean;
  tls?: TlsFacts;
}

/** Why no response came: the kind decides the probe's classification. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: 'stopped' | 'connect' | 'tls' | 'protocol',
    readonly code: string | undefined,
    message: string,
    readonly stopReason?: StopReason,
  ) {
    super(message);
  }
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'ENODATA', 'ESERVFAIL', 'ETIMEOUT', 'ECANCELLED']);

/** Certificate verification failures Node reports (with rejectUnauthorized) by code. */
export function isVerificationCode(code: string | undefined): boolean {
  return !!code && (/^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_|CA_|EE_)/.test(code) || code === 'ERR_TLS_CERT_ALTNAME_INVALID');
}

function toFailure(err: NodeJS.ErrnoException): HttpFailure {
  const code = err.code;
  if (code && CONNECT_CODES.has(code)) return new HttpFailure('connect', code, err.message);
  if (code && (code.startsWith('ERR_SSL') || isVerificationCode(code) || code === 'EPROTO')) return new HttpFailure('tls', code, opensslText(err.message));
  return new HttpFailure('protocol', code, opensslText(err.message));
}

/** Sends one request; resolves with the (capped) response or rejects with an HttpFailure. */
export function httpRequest(o: HttpRequestOptions, ctx: ProbeContext): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const b = bound(ctx);
    const secure = o.url.protocol === 'https:';
    const host = o.url.hostname.replace(/^\[|\]$/g, '');
    const max = o.maxBodyBytes ?? MAX_BODY_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let settled = false;
    let response: http.IncomingMessage | undefined;
    let tlsFacts: TlsFacts | undefined;

    const options: https.RequestOptions = {
      method: o.method,
      host,
      port: o.url.port || (secure ? 443 : 80),
      path: o.url.pathname + o.url.search,
      headers: { 'user-agent': 'eas-doctor', ...o.headers },
      agent: false,
      lookup: o.lookup,
    };
    if (secure) {
      Object.assign(options, {
        servername: isIP(host) ? undefined : host,
        ca: o.ca,
        rejectUnauthorized: o.rejectUnauthorized ?? false,
        cert: o.cert,
        key: o.key,
        pfx: o.pfx,
        passphrase: o.passphrase,
        // Unverified exchanges let old servers answer at all (the certificate probe judges
        // their strength); verified ones -- the only ones that carry credentials -- keep
        // Node's own security level, so a SHA-1 or small-key chain does not pass as verified.
        ...(o.rejectUnauthorized ? {} : { ciphers: 'DEFAULT:@SECLEVEL=0', minVersion: 'TLSv1' }),
        ...(o.secureContext ? { secureContext: o.secureContext } : {}),
      });
    }
    let req: http.ClientRequest;
    try {
      req = (secure ? https : http).request(options);
    } catch (err) {
      b.dispose();
      reject(toFailure(err as NodeJS.ErrnoException));
      return;
    }

    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      b.dispose();
      b.signal.removeEventListener('abort', onStop);
      fn();
      req.destroy();
      response?.destroy();
    };
    const respond = (incomplete: boolean) =>
      finish(() => {
        const r = response!;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const raw = Buffer.concat(chunks);
        resolve({
          status: r.statusCode ?? 0,
          statusText: r.statusMessage ?? '',
          headers,
          body: raw.toString('utf8'),
          raw,
          bodyTruncated: truncated,
          bodyIncomplete: incomplete,
          tls: tlsFacts,
        });
      });
    const onStop = () => {
      if (response) respond(true);
      else finish(() => reject(new HttpFailure('stopped', undefined, b.reason() === 'deadline' ? 'no answer before the deadline' : 'cancelled', b.reason())));
    };
    b.signal.addEventListener('abort', onStop, { once: true });
    if (b.signal.aborted) onStop();

    req.on('response', (res) => {
      response = res;
      const sock = res.socket as TLSSocket | null;
      if (secure && sock) {
        const err = sock.authorizationError as unknown as Error | string | null;
        tlsFacts = {
          authorized: sock.authorized,
          authorizationError: err ? (typeof err === 'string' ? err : ((err as NodeJS.ErrnoException).code ?? err.message)) : undefined,
          protocol: sock.getProtocol?.() ?? undefined,
        };
      }
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        if (size + chunk.length > max) {
          chunks.push(chunk.subarray(0, max - size));
          size = max;
          truncated = true;
          respond(false);
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => respond(false));
      res.on('error', () => respond(true));
      res.on('close', () => respond(!res.complete));
    });
    // Where the exchange got to, so a reset reads as a TLS failure when the handshake never finished.
    let stage: 'connecting' | 'handshake' | 'open' = 'connecting';
    req.on('socket', (sock) => {
      sock.once('connect', () => {
        stage = secure ? 'handshake' : 'open';
      });
      sock.once('secureConnect', () => {
        stage = 'open';
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (response) respond(true);
      else if (stage === 'handshake' && !(err.code && CONNECT_CODES.has(err.code))) finish(() => reject(new HttpFailure('tls', err.code, `the TLS handshake failed: ${opensslText(err.message)}`)));
      else finish(() => reject(toFailure(err)));
    });
    req.end(o.body);
  });
}

/** The authentication schemes a 401 offers, from every WWW-Authenticate header. */
export function authSchemes(headers: Record<string, string>): string[] {
  const raw = headers['www-authenticate'];
  if (!raw) return [];
  // Schemes start a challenge: a token not followed by "=" (auth-params are name=value).
  const schemes = new Set<string>();
  for (const part of raw.split(',')) {
    const m = /^\s*([A-Za-z][\w-]*)(?:\s|$)/.exec(part);
    if (m && !/^\s*[\w-]+\s*=/.test(part)) schemes.add(m[1]!);
  }
  return [...schemes];
}

/** The IIS sub-status ("403.7") shown in an error page, when there is one. */
export function iisSubStatus(status: number, body: string): string | undefined {
  const m = new RegExp(`\\b${status}\\.(\\d{1,2})\\b`).exec(body);
  return m ? `${status}.${m[1]}` : undefined;
}
