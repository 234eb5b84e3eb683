// tls.legacy: does the server still accept TLS 1.0 or 1.1? Old devices cannot speak newer.
import { tlsLegacy as descriptor } from './descriptors/tls-legacy.js';
import { handshake, type HandshakeOutcome } from './lib/handshake.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

const VERSIONS = [
  { name: 'TLS 1.0', min: 'TLSv1', max: 'TLSv1' },
  { name: 'TLS 1.1', min: 'TLSv1.1', max: 'TLSv1.1' },
  { name: 'TLS 1.2+', min: 'TLSv1.2', max: 'TLSv1.3' },
] as const;

const describe = (o: HandshakeOutcome): string => (o.ok ? `accepted (${o.protocol})` : o.stage === 'stopped' ? 'no answer' : `refused (${o.code ?? o.message})`);

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const host = String(params.host);
  const port = Number(params.port ?? 443);
  const target = `${host}:${port}`;
  const resolver = params.resolver ? String(params.resolver) : undefined;
  const started = ctx.now();
  ctx.onProgress?.(`trying TLS 1.0, 1.1 and 1.2+ with ${target}`);
  const outcomes = await Promise.all(VERSIONS.map((v) => handshake({ host, port, resolver, minVersion: v.min, maxVersion: v.max }, ctx)));
  const durationMs = ctx.now() - started;
  const [v10, v11, modern] = outcomes as [HandshakeOutcome, HandshakeOutcome, HandshakeOutcome];
  const evidence = { host, port, tls10: describe(v10), tls11: describe(v11), tls12plus: describe(modern) };
  const legacy = [v10.ok ? 'TLS 1.0' : '', v11.ok ? 'TLS 1.1' : ''].filter(Boolean);
  if (legacy.length) {
    return { classification: 'legacy-accepted', summary: `${target} still accepts ${legacy.join(' and ')}: old devices can connect (a security review may want it off)`, evidence, durationMs };
  }
  if (modern.ok) {
    return { classification: 'legacy-refused', summary: `${target} accepts only TLS 1.2 or newer: devices that only speak TLS 1.0/1.1 cannot connect`, evidence, durationMs };
  }
  if (outcomes.every((o) => !o.ok && o.stage === 'stopped')) return { classification: 'timeout', summary: `${target} did not finish any TLS handshake before the deadline`, evidence, durationMs };
  if (outcomes.every((o) => !o.ok && o.stage === 'connect')) return { classification: 'connect-failed', summary: `could not connect to ${target} (${!modern.ok ? modern.code : ''})`, evidence, durationMs };
  return { classification: 'handshake-failed', summary: `${target} completed no TLS handshake at any version`, evidence, durationMs };
}

export const probe: Probe = { ...descriptor, run };
