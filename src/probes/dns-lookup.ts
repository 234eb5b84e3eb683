// dns.lookup: A and AAAA for a host, and the CNAME chain that leads there.
import type { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { dnsLookup as descriptor } from './descriptors/dns-lookup.js';
import { bound, remainingMs } from './lib/deadline.js';
import { classifyDnsError } from './lib/dns-errors.js';
import { makeResolver } from './lib/resolve.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

type Answer<T> = { ok: T } | { code: string };

/** Runs one query; a failure becomes its error code instead of a throw. */
export async function query<T>(p: Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: await p };
  } catch (err) {
    return { code: (err as NodeJS.ErrnoException).code ?? 'ERROR' };
  }
}

/** Follows CNAMEs from `host` (at most 8 hops, loops stop). */
export async function cnameChain(resolver: Resolver, host: string, signal: AbortSignal): Promise<string[]> {
  const chain: string[] = [];
  let name = host;
  for (let hop = 0; hop < 8 && !signal.aborted; hop++) {
    const r = await query(resolver.resolveCname(name));
    if (!('ok' in r) || r.ok.length === 0) break;
    name = r.ok[0]!;
    if (chain.includes(name)) break;
    chain.push(name);
  }
  return chain;
}

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const host = String(params.host).replace(/\.$/, '');
  const resolverSpec = params.resolver ? String(params.resolver) : undefined;
  const started = ctx.now();
  const via = resolverSpec ?? 'the system resolver';
  if (isIP(host)) {
    return { classification: 'resolved', summary: `${host} is an IP address: nothing to look up`, evidence: { host, addresses: [host], cnames: [] }, durationMs: 0 };
  }
  ctx.onProgress?.(`asking ${via} for ${host}`);
  const b = bound(ctx);
  const resolver = makeResolver(resolverSpec, remainingMs(ctx));
  b.signal.addEventListener('abort', () => resolver.cancel(), { once: true });
  try {
    const [a, aaaa, cnames] = await Promise.all([query(resolver.resolve4(host)), query(resolver.resolve6(host)), cnameChain(resolver, host, b.signal)]);
    const durationMs = ctx.now() - started;
    const v4 = 'ok' in a ? a.ok : [];
    const v6 = 'ok' in aaaa ? aaaa.ok : [];
    const evidence = { host, resolver: resolverSpec ?? 'system', a: v4, aaaa: v6, cnames, codes: { a: 'code' in a ? a.code : 'ok', aaaa: 'code' in aaaa ? aaaa.code : 'ok' } };
    if (b.reason()) return { classification: 'timeout', summary: `${via} did not answer for ${host} before the deadline`, evidence, durationMs };
    if (v4.length || v6.length) {
      const through = cnames.length ? ` (via CNAME ${cnames.join(' -> ')})` : '';
      return { classification: 'resolved', summary: `${host} resolves to ${[...v4, ...v6].join(', ')}${through}`, evidence, durationMs };
    }
    // Both failed: the worse of the two answers tells the story (a timeout beats "no data").
    // An answer holding only a CNAME comes back as success with no addresses: no records.
    const codes = ['code' in a ? a.code : 'ENODATA', 'code' in aaaa ? aaaa.code : 'ENODATA'];
    const classes = codes.map(classifyDnsError);
    const classification = (['timeout', 'servfail', 'nxdomain', 'no-records', 'error'] as const).find((c) => classes.includes(c)) ?? 'error';
    const summaries: Record<string, string> = {
      nxdomain: `${host} does not exist in DNS (NXDOMAIN from ${via})`,
      'no-records': `${host} exists in DNS but has no A or AAAA record${cnames.length ? ` (CNAME ${cnames.join(' -> ')} leads nowhere)` : ''}`,
      servfail: `${via} failed to answer for ${host} (SERVFAIL or refused)`,
      timeout: `${via} did not answer for ${host}`,
      error: `looking up ${host} failed (${codes.join(', ')})`,
    };
    return { classification, summary: summaries[classification]!, evidence, durationMs };
  } finally {
    b.dispose();
  }
}

export const probe: Probe = { ...descriptor, run };
