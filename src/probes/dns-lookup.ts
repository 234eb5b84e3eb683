// dns.lookup: A and AAAA for a host, and the CNAME chain that leads there.
import { lookup, type Resolver } from 'node:dns/promises';
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

/** RFC 6761 section 6.3: `localhost` and names under it are this machine, answered without DNS. */
export function isLocalhostName(host: string): boolean {
  return /^localhost$|\.localhost$/i.test(host.replace(/\.$/, ''));
}

/** What the operating system's resolver (getaddrinfo: hosts file, then DNS) answers, bounded by the signal. */
async function osLookup(host: string, signal: AbortSignal): Promise<Answer<string[]>> {
  if (signal.aborted) return { code: 'ECANCELLED' };
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<Answer<string[]>>((resolve) => {
    onAbort = () => resolve({ code: 'ECANCELLED' });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([query(lookup(host, { all: true, verbatim: true }).then((list) => [...new Set(list.map((a) => a.address))])), stopped]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const host = String(params.host).replace(/\.$/, '');
  const resolverSpec = params.resolver ? String(params.resolver) : undefined;
  // Connections follow the OS resolver unless a DNS server is named: compare with it then.
  const compareOs = params.os !== undefined ? params.os === true || params.os === 'true' : !resolverSpec;
  const started = ctx.now();
  const via = resolverSpec ?? 'the system resolver';
  if (isIP(host)) {
    return { classification: 'resolved', summary: `${host} is an IP address: nothing to look up`, evidence: { host, addresses: [host], cnames: [] }, durationMs: 0 };
  }
  const b = bound(ctx);
  try {
    if (compareOs && !resolverSpec && isLocalhostName(host)) {
      ctx.onProgress?.(`resolving ${host} as this machine does`);
      const os = await osLookup(host, b.signal);
      const evidence = { host, resolver: 'none (RFC 6761: localhost is not looked up in DNS)', os: 'ok' in os ? os.ok : [], ...('code' in os ? { osCode: os.code } : {}) };
      const durationMs = ctx.now() - started;
      if ('ok' in os && os.ok.length) return { classification: 'resolved', summary: `${host} is this machine: the OS resolves it to ${os.ok.join(', ')} (DNS is not asked for localhost names)`, evidence, durationMs };
      return { classification: b.reason() ? 'timeout' : 'nxdomain', summary: `this machine cannot resolve ${host} (${'code' in os ? os.code : 'no address'}): its hosts file lacks localhost`, evidence, durationMs };
    }
    ctx.onProgress?.(`asking ${via} for ${host}`);
    const resolver = makeResolver(resolverSpec, remainingMs(ctx));
    b.signal.addEventListener('abort', () => resolver.cancel(), { once: true });
    const [a, aaaa, cnames, os] = await Promise.all([
      query(resolver.resolve4(host)),
      query(resolver.resolve6(host)),
      cnameChain(resolver, host, b.signal),
      compareOs ? osLookup(host, b.signal) : undefined,
    ]);
    const durationMs = ctx.now() - started;
    const v4 = 'ok' in a ? a.ok : [];
    const v6 = 'ok' in aaaa ? aaaa.ok : [];
    const osAddresses = os && 'ok' in os ? os.ok : [];
    const evidence = {
      host,
      resolver: resolverSpec ?? 'system',
      a: v4,
      aaaa: v6,
      cnames,
      codes: { a: 'code' in a ? a.code : 'ok', aaaa: 'code' in aaaa ? aaaa.code : 'ok' },
      ...(os ? { os: osAddresses, ...('code' in os ? { osCode: os.code } : {}) } : {}),
    };
    if (b.reason() && !v4.length && !v6.length && !osAddresses.length) return { classification: 'timeout', summary: `${via} did not answer for ${host} before the deadline`, evidence, durationMs };
    const dnsAddresses = [...v4, ...v6];
    if (dnsAddresses.length) {
      const through = cnames.length ? ` (via CNAME ${cnames.join(' -> ')})` : '';
      const extra = osAddresses.filter((x) => !dnsAddresses.includes(x));
      if (os && extra.length) {
        return { classification: 'differs', summary: `DNS says ${host} is ${dnsAddresses.join(', ')}${through}, but this machine resolves it to ${osAddresses.join(', ')} (a hosts-file entry?): the checks connect to ${osAddresses[0]}; devices that use DNS go to ${dnsAddresses[0]}`, evidence, durationMs };
      }
      if (os && 'code' in os) {
        return { classification: 'differs', summary: `DNS says ${host} is ${dnsAddresses.join(', ')}${through}, but this machine cannot resolve it (${os.code}): check its hosts file and resolver settings`, evidence, durationMs };
      }
      return { classification: 'resolved', summary: `${host} resolves to ${dnsAddresses.join(', ')}${through}`, evidence, durationMs };
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
    if (osAddresses.length) {
      return { classification: 'local-only', summary: `only this machine knows ${host}: it resolves it to ${osAddresses.join(', ')} (hosts file or another local source), while DNS ${classification === 'nxdomain' || classification === 'no-records' ? `has no address for it (${classification})` : `fails (${classification})`}; the checks connect to ${osAddresses[0]}, devices that use DNS cannot find it`, evidence, durationMs };
    }
    return { classification, summary: summaries[classification]!, evidence, durationMs };
  } finally {
    b.dispose();
  }
}

export const probe: Probe = { ...descriptor, run };
