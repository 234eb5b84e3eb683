// Certificate facts as plain JSON evidence, plus the one thing Node does not expose: the
// signature algorithm (read from the DER), needed to call a SHA-1 certificate weak.
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, DetailedPeerCertificate } from 'node:tls';

/** What a certificate says, for evidence. */
export interface CertFacts {
  subject: string;
  issuer: string;
  sans: string[];
  validFrom: string;
  validTo: string;
  daysLeft: number;
  fingerprint256: string;
  serialNumber: string;
  keyBits?: number;
  keyType?: string;
  signatureAlgorithm?: string;
  selfIssued: boolean;
}

const SIG_ALGS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.3.101.112': 'Ed25519',
};

/** Signature algorithms no client should accept any more. */
export function isWeakSignature(alg: string | undefined): boolean {
  return !!alg && /md5|sha1|SHA1/.test(alg);
}

/** Reads Certificate.signatureAlgorithm's OID from DER; undefined if the DER is odd. */
export function signatureAlgorithm(der: Buffer): string | undefined {
  try {
    const outer = readTlv(der, 0);
    const tbs = readTlv(der, outer.start);
    const alg = readTlv(der, tbs.end);
    const id = readTlv(der, alg.start);
    if (id.tag !== 0x06) return undefined;
    const oid = decodeOid(der.subarray(id.start, id.end));
    return SIG_ALGS[oid] ?? oid;
  } catch {
    return undefined;
  }
}

function readTlv(buf: Buffer, at: number): { tag: number; start: number; end: number } {
  const tag = buf[at]!;
  let length = buf[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[start + i]!;
    start += n;
  }
  if (start + length > buf.length) throw new Error('truncated DER');
  return { tag, start, end: start + length };
}

function decodeOid(b: Buffer): string {
  const parts = [Math.floor(b[0]! / 40), b[0]! % 40];
  let v = 0;
  for (const byte of b.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

function dn(d: PeerCertificate['subject'] | undefined): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

/** Facts about one peer certificate, with days left counted from `now`. */
export function certFacts(c: PeerCertificate, now: number): CertFacts {
  const sans = (c.subjectaltname ?? '')
    .split(/,\s*/)
    .filter(Boolean)
    .map((s) => s.replace(/^(DNS|IP Address):/, ''));
  const validTo = new Date(c.valid_to);
  let keyType: string | undefined;
  let keyBits = c.bits;
  let sig: string | undefined;
  let selfIssued = dn(c.subject) === dn(c.issuer);
  if (c.raw) {
    sig = signatureAlgorithm(c.raw);
    try {
      const x = new X509Certificate(c.raw);
      keyType = x.publicKey.asymmetricKeyType;
      keyBits = x.publicKey.asymmetricKeyDetails?.modulusLength ?? keyBits;
      selfIssued = x.checkIssued(x);
    } catch {
      /* keep what getPeerCertificate gave */
    }
  }
  return {
    subject: dn(c.subject),
    issuer: dn(c.issuer),
    sans,
    validFrom: new Date(c.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.trunc((validTo.getTime() - now) / 86_400_000),
    fingerprint256: c.fingerprint256,
    serialNumber: c.serialNumber,
    keyBits,
    keyType,
    signatureAlgorithm: sig,
    selfIssued,
  };
}

/** The chain Node reports, leaf first (as served, completed from the trust store where it could). */
export function peerChain(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  for (let c: DetailedPeerCertificate | undefined = leaf; c && c.fingerprint256 && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    chain.push(c);
  }
  return chain;
}

/** True when the key is too small for today's clients (RSA < 2048, EC < 224). */
export function isWeakKey(f: CertFacts): boolean {
  if (f.keyBits === undefined) return false;
  if (f.keyType === 'ec') return f.keyBits < 224;
  return (f.keyType === 'rsa' || f.keyType === 'rsa-pss' || f.keyType === 'dsa' || f.keyType === undefined) && f.keyBits < 2048;
}
