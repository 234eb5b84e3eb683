// eas.version: which Exchange generation answers ActiveSync, from the protocol versions its
// OPTIONS answer offers. Protocol 16.0 and 16.1 come only from Exchange 2016 on (MS-ASHTTP
// Appendix A: Exchange 2013 does not use 160 or 161), so the highest version tells 2016, 2019
// and SE from 2013 and older. Exchange sends the list only to a signed-in user.
import { easVersion as descriptor } from './descriptors/eas-version.js';
import { probe as options } from './eas-options.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

/** The generation a MS-ASProtocolVersions list points at; undefined for an empty list. */
export function generationOf(versions: readonly string[]): 'exchange-2016-or-later' | 'exchange-2013-or-older' | undefined {
  const numbers = versions.map(Number).filter((v) => Number.isFinite(v));
  if (!numbers.length) return undefined;
  return Math.max(...numbers) >= 16 ? 'exchange-2016-or-later' : 'exchange-2013-or-older';
}

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const r = await options.run(params, ctx);
  const versions = Array.isArray(r.evidence.versions) ? (r.evidence.versions as string[]) : [];
  const generation = generationOf(versions);
  const evidence = { versions, options: { classification: r.classification, summary: r.summary } };
  if (!generation) {
    const why = r.classification === 'auth-required' ? 'it answers the list only after sign-in: give the user and password' : r.summary;
    return { classification: 'no-versions', summary: `${String(params.host)} listed no ActiveSync protocol versions (${why})`, evidence, durationMs: r.durationMs };
  }
  const label = generation === 'exchange-2016-or-later' ? 'Exchange 2016 or later (2016, 2019, SE)' : 'Exchange 2013 or older';
  return { classification: generation, summary: `${String(params.host)} offers ActiveSync ${versions.join(', ')}: ${label}`, evidence, durationMs: r.durationMs };
}

export const probe: Probe = { ...descriptor, run };
