// Servers that misbehave on purpose, to prove every probe stops at its deadline: accept and
// say nothing, stall mid-TLS-handshake, send headers or a body forever, redirect in a loop.
import dgram from 'node:dgram';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { testCerts } from './certs.js';
import { listen, type Running } from './tls-servers.js';

export type HostileKind = 'silent' | 'mid-handshake' | 'headers-forever' | 'body-forever' | 'body-trickle' | 'redirect-loop';

export const HOSTILE_KINDS: readonly HostileKind[] = ['silent', 'mid-handshake', 'headers-forever', 'body-forever', 'body-trickle', 'redirect-loop'];

/** Repeats `fn` on the socket until it closes. */
function every(socket: net.Socket, ms: number, fn: () => void): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else fn();
  }, ms);
  socket.on('close', () => clearInterval(timer));
}

function tlsServer(onSecure: (s: tls.TLSSocket) => void): tls.Server {
  const c = testCerts();
  return tls.createServer({ cert: c.chainPem, key: c.valid.keyPem }, onSecure);
}

/** Starts one hostile server on 127.0.0.1 (TLS unless 'silent' / 'mid-handshake', which stall before TLS). */
export function startHostile(kind: HostileKind): Promise<Running> {
  switch (kind) {
    case 'silent':
      return listen(net.createServer(() => {}));
    case 'mid-handshake':
      return listen(
        net.createServer((s) => {
          // The first bytes of a ServerHello record, then nothing: the client waits for the rest.
          s.once('data', () => s.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00])));
        }),
      );
    case 'headers-forever':
      return listen(
        tlsServer((s) => {
          s.on('data', () => {});
          s.write('HTTP/1.1 200 OK\r\n');
          let n = 0;
          every(s, 50, () => s.write(`X-Slow-${n++}: still going\r\n`));
        }),
      );
    case 'body-forever':
      return listen(
        tlsServer((s) => {
          s.on('data', () => {});
          s.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n');
          const chunk = 'x'.repeat(8192);
          every(s, 2, () => s.write(chunk));
        }),
      );
    case 'body-trickle':
      return listen(
        tlsServer((s) => {
          s.on('data', () => {});
          s.write('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="x"\r\nContent-Length: 100000\r\n\r\n');
          every(s, 50, () => s.write('.'));
        }),
      );
    case 'redirect-loop':
      return listen(
        tlsServer((s) => {
          s.once('data', (d: Buffer) => {
            const path = /^\w+ (\S+)/.exec(d.toString('latin1'))?.[1] ?? '/';
            const host = /\r\nhost: *([^\r]+)/i.exec(d.toString('latin1'))?.[1] ?? '127.0.0.1';
            s.end(`HTTP/1.1 302 Found\r\nLocation: https://${host}${path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
          });
        }),
      );
  }
}

/** A UDP "DNS server" that reads every query and never answers. */
export async function startSilentDns(): Promise<{ spec: string; close(): Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', () => {});
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { spec: `127.0.0.1:${(socket.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => socket.close(() => r())) };
}
