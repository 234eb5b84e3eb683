// tls.legacy: which TLS versions the server accepts, each tried on its own. Modern devices
// need TLS 1.2 (or 1.3); old ones speak only TLS 1.0/1.1 (or 1.2 without 1.3).
import { tlsLegacy as descriptor } from './descriptors/tls-legacy.js';
import { handshake, type HandshakeOutcome } from './lib/handshake.js';
import { hostPort } from './lib/host-port.js';
import { reachParams } from './lib/resolve.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

const VERSIONS = [
  { key: 'tls10', name: 'TLS 1.0', v: 'TLSv1' },
  { key: 'tls11', name: 'TLS 1.1', v: 'TLSv1.1' },
  { key: 'tls12', name: 'TLS 1.2', v: 'TLSv1.2' },
  { key: 'tls13', name: 'TLS 1.3', v: 'TLSv1.3' },
] as const;

const describe = (o: HandshakeOutcome): string => (o.ok ? 'accepted' : o.stage === 'stopped' ? 'no answer' : `refused (${o.code ?? o.message})`);

/** The classification for which versions were accepted; exported for the classifier's unit test. */
export function classifyVersions(accepted: { tls10: boolean; tls11: boolean; tls12: boolean; tls13: boolean }): 'legacy-accepted' | 'legacy-refused' | 'tls13-only' | 'legacy-only' | undefined {
  const legacy = accepted.tls10 || accepted.tls11;
  if (accepted.tls12) return legacy ? 'legacy-accepted' : 'legacy-refused';
  if (accepted.tls13) return 'tls13-only';
  return legacy ? 'legacy-only' : undefined;
}

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const host = String(params.host);
  const port = Number(params.port ?? 443);
  const target = hostPort(host, port);
  const reach = reachParams(params);
  const started = ctx.now();
  ctx.onProgress?.(`trying TLS 1.0, 1.1, 1.2 and 1.3 with ${target}`);
  const outcomes = await Promise.all(VERSIONS.map((v) => handshake({ host, port, ...reach, minVersion: v.v, maxVersion: v.v }, ctx)));
  const durationMs = ctx.now() - started;
  const ok = Object.fromEntries(VERSIONS.map((v, i) => [v.key, outcomes[i]!.ok])) as Record<(typeof VERSIONS)[number]['key'], boolean>;
  const evidence = { host, port, ...Object.fromEntries(VERSIONS.map((v, i) => [v.key, describe(outcomes[i]!)])), accepted: VERSIONS.filter((v) => ok[v.key]).map((v) => v.name) };
  const names = (keys: readonly string[]) => VERSIONS.filter((v) => keys.includes(v.key) && ok[v.key]).map((v) => v.name).join(' and ');
  const classification = classifyVersions(ok);
  const summaries: Record<string, string> = {
    'legacy-accepted': `${target} accepts TLS 1.2 and still ${names(['tls10', 'tls11'])}: old devices can connect (a security review may want the old versions off)`,
    'legacy-refused': `${target} accepts ${names(['tls12', 'tls13'])} and refuses TLS 1.0 and 1.1: devices that only speak TLS 1.0/1.1 cannot connect`,
    'tls13-only': `${target} accepts only TLS 1.3${ok.tls10 || ok.tls11 ? ` (and ${names(['tls10', 'tls11'])})` : ''}, not TLS 1.2: older devices cannot connect`,
    'legacy-only': `${target} accepts only ${names(['tls10', 'tls11'])}, not TLS 1.2 or 1.3: modern devices cannot connect`,
  };
  if (classification) return { classification, summary: summaries[classification]!, evidence, durationMs };
  if (outcomes.every((o) => !o.ok && o.stage === 'stopped')) return { classification: 'timeout', summary: `${target} did not finish any TLS handshake before the deadline`, evidence, durationMs };
  const first = outcomes.find((o): o is Extract<HandshakeOutcome, { ok: false }> => !o.ok);
  if (outcomes.every((o) => !o.ok && o.stage === 'connect')) return { classification: 'connect-failed', summary: `could not connect to ${target} (${first?.code ?? ''})`, evidence, durationMs };
  return { classification: 'handshake-failed', summary: `${target} completed no TLS handshake at any version (TLS 1.0 to 1.3)`, evidence, durationMs };
}

export const probe: Probe = { ...descriptor, run };
