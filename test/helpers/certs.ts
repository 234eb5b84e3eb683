// Test certificates, built in memory with node:crypto and a small DER writer: no openssl
// binary needed, nothing committed. `testCerts()` builds the set once per test process and
// writes PEM files to a temp folder for the CLI tests (`--ca`, client certificate paths).
import crypto, { type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// ---- DER writer -------------------------------------------------------------------------

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content);
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const nul = (): Buffer => Buffer.from([0x05, 0x00]);
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bits = (b: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));

function int(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

const name = (cn: string): Buffer => seq(set(seq(oid('2.5.4.10'), utf8('eas-doctor tests'))), set(seq(oid('2.5.4.3'), utf8(cn))));

// ---- certificates -----------------------------------------------------------------------

/** A key pair plus its PEM private key. */
export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyPem: string;
}

/** A certificate with the key that signs as it. */
export interface TestCert extends TestKey {
  cn: string;
  certPem: string;
}

export function ecKey(): TestKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKey, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export function rsaKey(modulusLength: number): TestKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength });
  return { privateKey, publicKey, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export interface CertOptions {
  cn: string;
  key: TestKey;
  /** Signs the certificate; itself when omitted (self-signed). */
  issuer?: TestCert;
  ca?: boolean;
  dns?: string[];
  ips?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** @default 'sha256' */
  hash?: 'sha256' | 'sha1';
}

let serial = BigInt(Date.now()) * 1000n;

/** Issues an X.509 v3 certificate. */
export function issue(o: CertOptions): TestCert {
  const signer = o.issuer ?? { cn: o.cn, ...o.key };
  const hash = o.hash ?? 'sha256';
  const rsa = signer.privateKey.asymmetricKeyType === 'rsa';
  const sigAlg = rsa
    ? seq(oid(hash === 'sha1' ? '1.2.840.113549.1.1.5' : '1.2.840.113549.1.1.11'), nul())
    : seq(oid(hash === 'sha1' ? '1.2.840.10045.4.1' : '1.2.840.10045.4.3.2'));
  const now = Date.now();
  const extensions: Buffer[] = [seq(oid('2.5.29.19'), bool(true), octets(o.ca ? seq(bool(true)) : seq()))];
  if (o.ca) extensions.push(seq(oid('2.5.29.15'), bool(true), octets(bits(Buffer.from([0x06])))));
  const alt = [
    ...(o.dns ?? []).map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...(o.ips ?? []).map((ip) => tlv(0x87, ipBytes(ip))),
  ];
  if (alt.length) extensions.push(seq(oid('2.5.29.17'), octets(seq(...alt))));
  const tbs = seq(
    explicit(0, int(2n)),
    int(serial++),
    sigAlg,
    name(signer.cn),
    seq(time(o.notBefore ?? new Date(now - 86_400_000)), time(o.notAfter ?? new Date(now + 365 * 86_400_000))),
    name(o.cn),
    o.key.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = crypto.sign(hash, tbs, signer.privateKey);
  const der = seq(tbs, sigAlg, bits(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  return { cn: o.cn, ...o.key, certPem };
}

function ipBytes(ip: string): Buffer {
  if (ip.includes(':')) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    return Buffer.from(groups.map((g: string) => g.padStart(4, '0')).join(''), 'hex');
  }
  return Buffer.from(ip.split('.').map(Number));
}

// ---- the set the tests use --------------------------------------------------------------

/** Names every "good" server certificate carries. */
export const SERVER_NAMES = ['localhost', 'mail.contoso.test', 'contoso.test', 'autodiscover.contoso.test'];
const LOOPBACK_IPS = ['127.0.0.1', '::1'];

export interface TestCertSet {
  dir: string;
  root: TestCert;
  intermediate: TestCert;
  /** Leaf for SERVER_NAMES and loopback IPs, issued by the intermediate. Serve with `chain`. */
  valid: TestCert;
  /** Leaf + intermediate, as a correctly configured server sends them. */
  chainPem: string;
  expired: TestCert;
  notYetValid: TestCert;
  wrongName: TestCert;
  selfSigned: TestCert;
  /** A leaf from a root the client does not know (served with its intermediate). */
  privateRoot: TestCert;
  privateChainPem: string;
  /** SHA-1 signature on an RSA 1024 key. */
  weak: TestCert;
  /** Client certificate issued by the test root (CN = user1). */
  client: TestCert;
  /** Client certificate from the private root: the server does not trust it. */
  foreignClient: TestCert;
  /** Files in `dir`. */
  files: { rootCa: string; clientCert: string; clientKey: string; foreignClientCert: string; foreignClientKey: string };
}

let cached: TestCertSet | undefined;

/**
 * A folder for this process's files under one parent; folders of processes that are gone
 * are removed first (vitest may kill its workers before any exit hook runs).
 */
function certDir(): string {
  const parent = join(tmpdir(), `eas-doctor-test-certs-${process.getuid?.() ?? 'user'}`);
  mkdirSync(parent, { recursive: true });
  for (const name of readdirSync(parent)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
  const dir = join(parent, String(process.pid));
  mkdirSync(dir, { recursive: true });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The certificates, generated once per test process into a fresh temp folder. */
export function testCerts(): TestCertSet {
  if (cached) return cached;
  const year = 365 * 86_400_000;
  const now = Date.now();
  const rootKey = ecKey();
  const root = issue({ cn: 'eas-doctor Test Root CA', key: rootKey, ca: true, notAfter: new Date(now + 10 * year) });
  const intermediate = issue({ cn: 'eas-doctor Test Issuing CA', key: ecKey(), issuer: root, ca: true, notAfter: new Date(now + 5 * year) });
  const leafKey = ecKey();
  const server = { dns: SERVER_NAMES, ips: LOOPBACK_IPS };
  const valid = issue({ cn: 'mail.contoso.test', key: leafKey, issuer: intermediate, ...server });
  const expired = issue({ cn: 'mail.contoso.test', key: leafKey, issuer: root, ...server, notBefore: new Date(now - 3 * year), notAfter: new Date(now - 30 * 86_400_000) });
  const notYetValid = issue({ cn: 'mail.contoso.test', key: leafKey, issuer: root, ...server, notBefore: new Date(now + 30 * 86_400_000), notAfter: new Date(now + year) });
  const wrongName = issue({ cn: 'exchange.internal.local', key: leafKey, issuer: root, dns: ['exchange.internal.local'] });
  const selfSigned = issue({ cn: 'mail.contoso.test', key: leafKey, ...server });
  const otherRoot = issue({ cn: 'Some Private Root', key: ecKey(), ca: true });
  const otherIssuing = issue({ cn: 'Some Private Issuing CA', key: ecKey(), issuer: otherRoot, ca: true });
  const privateRoot = issue({ cn: 'mail.contoso.test', key: leafKey, issuer: otherIssuing, ...server });
  const weak = issue({ cn: 'mail.contoso.test', key: rsaKey(1024), issuer: root, ...server, hash: 'sha1' });
  const client = issue({ cn: 'user1', key: ecKey(), issuer: root });
  const foreignClient = issue({ cn: 'user1', key: ecKey(), issuer: otherRoot });

  const dir = certDir();
  const files = {
    rootCa: join(dir, 'root-ca.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    foreignClientCert: join(dir, 'foreign-client.pem'),
    foreignClientKey: join(dir, 'foreign-client.key'),
  };
  writeFileSync(files.rootCa, root.certPem);
  writeFileSync(files.clientCert, client.certPem);
  writeFileSync(files.clientKey, client.keyPem);
  writeFileSync(files.foreignClientCert, foreignClient.certPem);
  writeFileSync(files.foreignClientKey, foreignClient.keyPem);
  cached = {
    dir, root, intermediate, valid, expired, notYetValid, wrongName, selfSigned, privateRoot, weak, client, foreignClient, files,
    chainPem: valid.certPem + intermediate.certPem,
    privateChainPem: privateRoot.certPem + otherIssuing.certPem,
  };
  return cached;
}
