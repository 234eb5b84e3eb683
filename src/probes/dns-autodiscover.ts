// dns.autodiscover: the two DNS ways a device finds Autodiscover -- the host
// autodiscover.<domain> and the SRV record _autodiscover._tcp.<domain>.
import { dnsAutodiscover as descriptor } from './descriptors/dns-autodiscover.js';
import { cnameChain, query } from './dns-lookup.js';
import { bound, remainingMs } from './lib/deadline.js';
import { classifyDnsError } from './lib/dns-errors.js';
import { makeResolver } from './lib/resolve.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const domain = String(params.domain).replace(/\.$/, '');
  const resolverSpec = params.resolver ? String(params.resolver) : undefined;
  const via = resolverSpec ?? 'the system resolver';
  const host = `autodiscover.${domain}`;
  const srvName = `_autodiscover._tcp.${domain}`;
  const started = ctx.now();
  ctx.onProgress?.(`asking ${via} for ${host} and ${srvName}`);
  const b = bound(ctx);
  const resolver = makeResolver(resolverSpec, remainingMs(ctx));
  b.signal.addEventListener('abort', () => resolver.cancel(), { once: true });
  try {
    const [a, aaaa, srv, cnames] = await Promise.all([
      query(resolver.resolve4(host)),
      query(resolver.resolve6(host)),
      query(resolver.resolveSrv(srvName)),
      cnameChain(resolver, host, b.signal),
    ]);
    const durationMs = ctx.now() - started;
    const addresses = [...('ok' in a ? a.ok : []), ...('ok' in aaaa ? aaaa.ok : [])];
    const records = 'ok' in srv ? [...srv.ok].sort((x, y) => x.priority - y.priority || y.weight - x.weight) : [];
    const evidence = {
      domain,
      resolver: resolverSpec ?? 'system',
      host,
      addresses,
      cnames,
      srvName,
      srv: records.map((r) => ({ target: r.name, port: r.port, priority: r.priority, weight: r.weight })),
      codes: { a: 'code' in a ? a.code : 'ok', aaaa: 'code' in aaaa ? aaaa.code : 'ok', srv: 'code' in srv ? srv.code : 'ok' },
    };
    if (b.reason()) return { classification: 'timeout', summary: `${via} did not answer for ${domain} before the deadline`, evidence, durationMs };
    const hostText = `${host} -> ${cnames.length ? `${cnames.join(' -> ')} -> ` : ''}${addresses.join(', ')}`;
    const srvText = records.map((r) => `${r.name}:${r.port}`).join(', ');
    if (addresses.length && records.length) return { classification: 'host-and-srv', summary: `${hostText}; SRV ${srvName} -> ${srvText}`, evidence, durationMs };
    if (addresses.length) return { classification: 'host-only', summary: `${hostText}; no SRV record ${srvName}`, evidence, durationMs };
    if (records.length) return { classification: 'srv-only', summary: `no ${host} in DNS, but SRV ${srvName} -> ${srvText}`, evidence, durationMs };
    const classes = [a, aaaa, srv].map((r) => ('code' in r ? classifyDnsError(r.code) : 'no-records'));
    if (classes.includes('timeout')) return { classification: 'timeout', summary: `${via} did not answer for ${domain}`, evidence, durationMs };
    if (classes.includes('servfail')) return { classification: 'servfail', summary: `${via} failed to answer for ${domain} (SERVFAIL or refused)`, evidence, durationMs };
    return { classification: 'not-found', summary: `neither ${host} nor SRV ${srvName} exists: devices cannot find Autodiscover through DNS`, evidence, durationMs };
  } finally {
    b.dispose();
  }
}

export const probe: Probe = { ...descriptor, run };
