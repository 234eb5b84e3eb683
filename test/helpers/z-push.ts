// Z-Push (a real ActiveSync server, ../shared/peers/z-push) on loopback, with a TLS terminator
// in front that uses the test certificates. Starting PHP's server takes a while: start one per
// test file and reuse it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testCerts } from './certs.js';
import { root } from './cli.js';
import { listen, type Running } from './tls-servers.js';

/** The peers folder: `../shared/peers` beside the clone (as in CI), or above a worktree folder. */
export function peersDir(): string {
  const candidates = [process.env.EAS_DOCTOR_PEERS, path.resolve(root, '..', 'shared', 'peers'), path.resolve(root, '..', '..', 'shared', 'peers')].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(path.join(p, 'z-push', 'serve.sh')));
  if (!found) throw new Error(`Z-Push peer not found (looked in ${candidates.join(', ')}); CI keeps shared/ beside the clone`);
  return found;
}

export interface ZPush {
  /** The plain-HTTP port PHP serves on. */
  httpPort: number;
  /** The TLS terminator in front (certificate for localhost / 127.0.0.1 from the test root). */
  tls: Running;
  /** PEM file of the test root, for --ca. */
  caFile: string;
  password: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Starts Z-Push with the given provisioning mode and a TLS terminator in front of it. */
export async function startZPush(o: { provisioning?: 'true' | 'loose' | 'false'; password?: string } = {}): Promise<ZPush> {
  const password = o.password ?? 'Secret123!';
  const work = mkdtempSync(path.join(tmpdir(), 'eas-doctor-zpush-'));
  const httpPort = await freePort();
  const child: ChildProcess = spawn('bash', [path.join(peersDir(), 'z-push', 'serve.sh'), work, String(httpPort)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ZPUSH_PROVISIONING: o.provisioning ?? 'true', ZPUSH_PASSWORD: password },
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const stopChild = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Z-Push did not start in 30 s: ${log}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Z-Push exited (${code}): ${log}`));
    });
  }).catch((err: unknown) => {
    stopChild();
    throw err;
  });
  // The stock Maildir backend reads MAILDIR_BASE/<store>/Maildir with an empty store during
  // Sync; serve.sh creates only the per-user folders, so give it the shared one.
  for (const d of ['cur', 'new', 'tmp']) {
    const dir = path.join(work, 'maildir', 'Maildir', d);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
  }
  chmodSync(path.join(work, 'maildir', 'Maildir'), 0o777);
  const certs = testCerts();
  const terminator = https.createServer({ cert: certs.chainPem, key: certs.valid.keyPem }, (req, res) => {
    const up = http.request({ host: '127.0.0.1', port: httpPort, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.statusMessage, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const tls = await listen(terminator);
  return {
    httpPort,
    tls,
    caFile: certs.files.rootCa,
    password,
    close: async () => {
      await tls.close();
      stopChild();
      await new Promise((r) => setTimeout(r, 50));
      rmSync(work, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
