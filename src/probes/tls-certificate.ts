// tls.certificate: handshake with SNI, then judge the certificate the server sent the way a
// phone would -- dates, name, chain, strength -- without trusting the handshake's verdict alone.
import tls from 'node:tls';
import { tlsCertificate as descriptor } from './descriptors/tls-certificate.js';
import { handshake, trustedRoots } from './lib/handshake.js';
import { hostPort } from './lib/host-port.js';
import { reachParams } from './lib/resolve.js';
import { certFacts, isWeakKey, isWeakSignature, peerChain } from './lib/x509.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

type Problem = 'expired' | 'not-yet-valid' | 'name-mismatch' | 'self-signed' | 'untrusted-root' | 'incomplete-chain' | 'weak' | 'expiring-soon';

/** A certificate that expires within this many days is a warning: renew it before devices refuse it. */
export const EXPIRY_WARNING_DAYS = 30;

/** Order of precedence when a certificate has several problems: the first is the classification. */
export const PROBLEM_ORDER: readonly Problem[] = ['expired', 'not-yet-valid', 'name-mismatch', 'self-signed', 'untrusted-root', 'incomplete-chain', 'weak', 'expiring-soon'];

/** OpenSSL's verification error, as the chain problem it stands for (dates and names are checked separately). */
export function chainProblem(code: string | undefined): Problem | undefined {
  switch (code) {
    case undefined:
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return undefined;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'self-signed';
    // The server did not send the certificate that signed its own: the intermediate is missing.
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return 'incomplete-chain';
    case 'CA_MD_TOO_WEAK':
    case 'EE_KEY_TOO_SMALL':
    case 'CA_KEY_TOO_SMALL':
      return 'weak';
    // SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_GET_ISSUER_CERT(_LOCALLY), CERT_UNTRUSTED, ...
    default:
      return 'untrusted-root';
  }
}

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const host = String(params.host);
  const port = Number(params.port ?? 443);
  const caPath = params.ca ? String(params.ca) : undefined;
  const target = hostPort(host, port);
  const started = ctx.now();
  const ca = await trustedRoots(caPath);
  ctx.onProgress?.(`TLS handshake with ${target}`);
  const reach = reachParams(params);
  // Two handshakes at once: one judged against the trusted roots, and one with an empty
  // trust store, because Node completes the reported chain from the store -- only the
  // second shows the chain exactly as the server sends it.
  const [hs, bare] = await Promise.all([handshake({ host, port, ca, ...reach }, ctx), handshake({ host, port, ca: [], ...reach }, ctx)]);
  const durationMs = ctx.now() - started;
  if (!hs.ok) {
    const evidence = { host, port, code: hs.code, message: hs.message };
    if (hs.stage === 'stopped') return { classification: 'timeout', summary: `${target}: ${hs.message}`, evidence, durationMs };
    if (hs.stage === 'connect') return { classification: 'connect-failed', summary: `could not connect to ${target} (${hs.code})`, evidence, durationMs };
    return { classification: 'handshake-failed', summary: `TLS handshake with ${target} failed: ${hs.message}`, evidence, durationMs };
  }
  const now = ctx.now();
  const chain = peerChain(hs.peer);
  const leaf = certFacts(hs.peer, now);
  const chainFacts = chain.map((c) => certFacts(c, now));
  const problems = new Set<Problem>();
  if (Date.parse(leaf.validTo) < now) problems.add('expired');
  if (Date.parse(leaf.validFrom) > now) problems.add('not-yet-valid');
  const expiresIn = Date.parse(leaf.validTo) - now;
  if (expiresIn >= 0 && expiresIn < EXPIRY_WARNING_DAYS * 86_400_000) problems.add('expiring-soon');
  const nameError = tls.checkServerIdentity(host, hs.peer);
  if (nameError) problems.add('name-mismatch');
  const fromChain = chainProblem(hs.authorizationError);
  if (fromChain) problems.add(fromChain);
  const served = bare.ok ? peerChain(bare.peer) : undefined;
  const servedPrints = new Set(served?.map((c) => c.fingerprint256));
  // An intermediate this machine knows (cached, or in --ca) but the server does not send:
  // verification passes here and fails on a phone that has never seen it.
  const missing = served ? chainFacts.filter((c, i) => i > 0 && !c.selfIssued && !servedPrints.has(c.fingerprint256)) : [];
  if (missing.length) problems.add('incomplete-chain');
  // The root's own signature is never checked by clients; everything below it counts.
  const signed = chainFacts.filter((c, i) => i === 0 || !c.selfIssued);
  if (signed.some((c) => isWeakSignature(c.signatureAlgorithm)) || isWeakKey(leaf)) problems.add('weak');
  const classification = PROBLEM_ORDER.find((p) => problems.has(p)) ?? 'ok';
  const evidence = {
    host,
    port,
    servername: host,
    protocol: hs.protocol,
    cipher: hs.cipher,
    subject: leaf.subject,
    issuer: leaf.issuer,
    sans: leaf.sans,
    validFrom: leaf.validFrom,
    validTo: leaf.validTo,
    daysLeft: leaf.daysLeft,
    fingerprint256: leaf.fingerprint256,
    keyType: leaf.keyType,
    keyBits: leaf.keyBits,
    signatureAlgorithm: leaf.signatureAlgorithm,
    chain: chainFacts.map((c) => ({ subject: c.subject, issuer: c.issuer, validTo: c.validTo, fingerprint256: c.fingerprint256, signatureAlgorithm: c.signatureAlgorithm, served: served ? servedPrints.has(c.fingerprint256) : null })),
    servedChainLength: served?.length ?? null,
    ...(missing.length ? { notServed: missing.map((c) => c.subject) } : {}),
    verifyError: hs.authorizationError ?? null,
    extraCa: caPath ?? null,
    problems: PROBLEM_ORDER.filter((p) => problems.has(p)),
  };
  const cn = /CN=([^,]+)/.exec(leaf.subject)?.[1] ?? leaf.subject;
  const summaries: Record<string, string> = {
    ok: `${target} serves a valid certificate for ${host} (issued by ${/CN=([^,]+)/.exec(leaf.issuer)?.[1] ?? leaf.issuer}, ${leaf.daysLeft} days left, ${hs.protocol})`,
    expired: `the certificate of ${target} expired on ${leaf.validTo.slice(0, 10)} (${-leaf.daysLeft} days ago)`,
    'not-yet-valid': `the certificate of ${target} is not valid before ${leaf.validFrom.slice(0, 10)}: check the clocks, or the certificate was installed early`,
    'name-mismatch': `the certificate of ${target} is for ${leaf.sans.length ? leaf.sans.join(', ') : cn}, not for ${host}`,
    'self-signed': `${target} serves a self-signed certificate (${cn}): devices will not trust it unless it is installed on them`,
    'untrusted-root': `the certificate of ${target} chains to a root this machine does not trust (${hs.authorizationError}): a private CA?${caPath ? '' : ' Pass its root with --ca to check the rest'}`,
    'incomplete-chain': `${target} does not send the intermediate certificate that issued its own (${missing.length ? missing.map((c) => /CN=([^,]+)/.exec(c.subject)?.[1] ?? c.subject).join(', ') : `issuer: ${leaf.issuer}`}): some devices will fail`,
    weak: `the certificate of ${target} is weak (${[leaf.signatureAlgorithm, `${leaf.keyType ?? ''} ${leaf.keyBits ?? '?'} bits`].join(', ')}): modern devices refuse SHA-1 signatures and RSA keys under 2048 bits`,
    'expiring-soon': `the certificate of ${target} expires on ${leaf.validTo.slice(0, 10)} (${leaf.daysLeft} days left): renew it before devices refuse it`,
  };
  return { classification, summary: summaries[classification]!, evidence, durationMs };
}

export const probe: Probe = { ...descriptor, run };
