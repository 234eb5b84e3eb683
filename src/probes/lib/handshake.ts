// One bounded TLS handshake: resolves with the connected socket's facts or with why it
// failed; the socket is always closed before this returns.
import { isIP } from 'node:net';
import tls, { type DetailedPeerCertificate } from 'node:tls';
import type { ProbeContext } from '../types.js';
import { bound, remainingMs } from './deadline.js';
import { opensslText } from './openssl-text.js';
import { connectLookup } from './resolve.js';

export interface HandshakeOptions {
  host: string;
  port: number;
  resolver?: string;
  /** Connect to this IP address instead of resolving host (SNI still carries host). */
  address?: string;
  ca?: string[];
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
}

export type HandshakeOutcome =
  | { ok: true; protocol: string | null; cipher: string; authorized: boolean; authorizationError?: string; peer: DetailedPeerCertificate; address?: string }
  | { ok: false; stage: 'connect' | 'tls' | 'stopped'; code?: string; message: string; stopReason?: string };

const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'ENODATA', 'ESERVFAIL', 'ETIMEOUT', 'ECANCELLED']);

/** Connects and handshakes without verifying (the caller judges the certificate). */
export function handshake(o: HandshakeOptions, ctx: ProbeContext): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    const b = bound(ctx);
    let connected = false;
    const socket = tls.connect({
      host: o.host,
      port: o.port,
      servername: isIP(o.host) ? undefined : o.host,
      ca: o.ca,
      rejectUnauthorized: false,
      // Security level 0: we want to *see* SHA-1 and small-key certificates and old protocols.
      ciphers: 'DEFAULT:@SECLEVEL=0',
      minVersion: o.minVersion ?? 'TLSv1',
      maxVersion: o.maxVersion,
      lookup: connectLookup(o, remainingMs(ctx), b.signal),
    });
    let done = false;
    const finish = (r: HandshakeOutcome) => {
      if (done) return;
      done = true;
      b.dispose();
      b.signal.removeEventListener('abort', onStop);
      socket.destroy();
      resolve(r);
    };
    const onStop = () => finish({ ok: false, stage: 'stopped', message: b.reason() === 'deadline' ? (connected ? 'the TLS handshake did not finish before the deadline' : 'no connection before the deadline') : 'cancelled', stopReason: b.reason() });
    b.signal.addEventListener('abort', onStop, { once: true });
    if (b.signal.aborted) onStop();
    socket.once('connect', () => {
      connected = true;
    });
    socket.once('secureConnect', () => {
      const err = socket.authorizationError as unknown as Error | string | null;
      finish({
        ok: true,
        protocol: socket.getProtocol(),
        cipher: socket.getCipher()?.name ?? '',
        authorized: socket.authorized,
        authorizationError: err ? (typeof err === 'string' ? err : ((err as NodeJS.ErrnoException).code ?? err.message)) : undefined,
        peer: socket.getPeerCertificate(true),
        address: socket.remoteAddress,
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const stage = !connected && err.code && CONNECT_CODES.has(err.code) ? 'connect' : 'tls';
      finish({ ok: false, stage, code: err.code, message: opensslText(err.message) });
    });
    socket.once('close', () => finish({ ok: false, stage: connected ? 'tls' : 'connect', code: 'ECONNRESET', message: 'the server closed the connection during the handshake' }));
  });
}

/** The roots a probe trusts: Node's bundled list plus the user's extra CA file, if any. */
export async function trustedRoots(caPath: string | undefined): Promise<string[] | undefined> {
  if (!caPath) return undefined;
  const { readFile } = await import('node:fs/promises');
  let pem: string;
  try {
    pem = await readFile(caPath, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the CA file ${caPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`the CA file ${caPath} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----")`);
  return [...tls.rootCertificates, pem];
}
