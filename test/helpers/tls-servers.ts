// TLS servers on loopback for the certificate, legacy-protocol and client-certificate probes.
import tls from 'node:tls';
import https from 'node:https';
import type { AddressInfo, Server, Socket } from 'node:net';
import { testCerts } from './certs.js';

/** A running loopback server; `close()` also drops open connections. */
export interface Running {
  port: number;
  host: string;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, port 0, and tracks sockets so close() never hangs. */
export async function listen(server: Server, host = '127.0.0.1'): Promise<Running> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  server.on('tlsClientError', () => {});
  server.on('clientError', (_err: unknown, s: Socket) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TlsServerOptions {
  certPem: string;
  keyPem: string;
  /** Lowest protocol accepted. @default 'TLSv1.2' */
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
}

/** A TLS server that completes the handshake, writes one line and closes. */
export function startTlsServer(o: TlsServerOptions): Promise<Running> {
  const server = tls.createServer(
    {
      cert: o.certPem,
      key: o.keyPem,
      minVersion: o.minVersion ?? 'TLSv1.2',
      maxVersion: o.maxVersion ?? 'TLSv1.3',
      // Weak test certificates (SHA-1, RSA 1024) and TLS 1.0 need OpenSSL security level 0.
      ciphers: 'DEFAULT:@SECLEVEL=0',
    },
    (socket) => {
      socket.end('hello\n');
    },
  );
  return listen(server);
}

export interface ClientCertServerOptions {
  /** CN values whose certificates map to a user. */
  mapped: string[];
  /** Refuse unknown certificates in the handshake instead of with 403.16. @default false */
  rejectInHandshake?: boolean;
}

/**
 * An HTTPS server that asks for a client certificate and answers like IIS with
 * "Require client certificates": 403.7 without one, 403.16 for an untrusted one, 401.2
 * when it is not mapped to a user, 505 when the logon works (as in seed 003).
 */
export async function startClientCertServer(o: ClientCertServerOptions): Promise<Running> {
  const c = testCerts();
  const server = https.createServer(
    { cert: c.chainPem, key: c.valid.keyPem, ca: [c.root.certPem], requestCert: true, rejectUnauthorized: o.rejectInHandshake ?? false },
    (req, res) => {
      req.resume();
      const sock = req.socket as tls.TLSSocket;
      const peer = sock.getPeerCertificate();
      const page = (code: string) => `<h3>HTTP Error ${code}</h3>`;
      if (!peer || !peer.subject) return void res.writeHead(403).end(page('403.7 - Forbidden'));
      if (!sock.authorized) return void res.writeHead(403).end(page('403.16 - Forbidden'));
      if (!o.mapped.includes(String(peer.subject.CN))) return void res.writeHead(401).end(page('401.2 - Unauthorized'));
      res.writeHead(505).end(page('505 - HTTP Version Not Supported'));
    },
  );
  return listen(server);
}
