// Name resolution for probes: a `Resolver` aimed at a chosen DNS server (`IP[:PORT]`) or the
// system's, and a `lookup` function so TCP, TLS and HTTP probes resolve through the same one.
import { Resolver } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Checks a resolver spec: `IP`, `IP:PORT`, `[IPv6]:PORT` or a bare IPv6 address.
 * Returns the form `Resolver#setServers` takes, or an error message.
 */
export function parseResolverSpec(spec: string): { server: string } | { error: string } {
  const s = spec.trim();
  const bad = { error: `"${spec}" is not a DNS server address: use IP or IP:PORT, e.g. 10.0.0.53 or 127.0.0.1:5353 or [::1]:5353` };
  let ip = s;
  let port: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) {
    ip = v6[1]!;
    port = v6[2];
  } else if (isIP(s) === 0) {
    const m = /^([^:]+):(\d+)$/.exec(s);
    if (!m) return bad;
    ip = m[1]!;
    port = m[2];
  }
  if (isIP(ip) === 0) return bad;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return { error: `port ${port} in "${spec}" is out of range: use 1-65535` };
  if (port === undefined) return { server: ip };
  return { server: isIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}` };
}

/** A resolver for `spec` (or the system's servers when absent), one try, bounded by timeoutMs. */
export function makeResolver(spec: string | undefined, timeoutMs: number): Resolver {
  const resolver = new Resolver({ timeout: Math.max(1, Math.round(timeoutMs)), tries: 1 });
  if (spec) {
    const parsed = parseResolverSpec(spec);
    if ('error' in parsed) throw new Error(parsed.error);
    resolver.setServers([parsed.server]);
  }
  return resolver;
}

/**
 * A resolver that cannot be reached fails the lookup with the socket's own code
 * (ECONNREFUSED, ...), which the connection would then report as the *server* refusing. It
 * is a name-resolution failure: report it as EAI_AGAIN, naming the resolver.
 */
function unreachableResolver(err: NodeJS.ErrnoException, spec: string, hostname: string): NodeJS.ErrnoException {
  if (!['ECONNREFUSED', 'ECONNRESET', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL'].includes(err.code ?? '')) return err;
  const wrapped: NodeJS.ErrnoException = new Error(`DNS server ${spec} could not be reached to resolve ${hostname} (${err.code})`);
  wrapped.code = 'EAI_AGAIN';
  return wrapped;
}

/**
 * A `lookup` for net/tls/http that asks `spec`'s server (A first, then AAAA), so a probe
 * reaches the address the configured resolver gives. Undefined spec: use the system lookup.
 */
export function lookupVia(spec: string | undefined, timeoutMs: number, signal: AbortSignal): LookupFunction | undefined {
  if (!spec) return undefined;
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const resolver = makeResolver(spec, timeoutMs);
    const onAbort = () => resolver.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (err: NodeJS.ErrnoException | null, list: { address: string; family: number }[]) => {
      signal.removeEventListener('abort', onAbort);
      if (err) callback(unreachableResolver(err, spec, hostname));
      else if (options?.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    };
    resolver
      .resolve4(hostname)
      .then((a) => a.map((address) => ({ address, family: 4 })))
      .catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENODATA') throw err;
        return (await resolver.resolve6(hostname)).map((address) => ({ address, family: 6 }));
      })
      .then(
        (list) => {
          if (list.length === 0) {
            const err: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
            err.code = 'ENOTFOUND';
            done(err, []);
          } else done(null, list);
        },
        (err: NodeJS.ErrnoException) => done(err, []),
      );
  }) as unknown as LookupFunction;
}

/**
 * A `lookup` that answers `address` whatever the name (curl's `--connect-to`): the probe
 * connects there while SNI and the Host header still carry the name.
 */
export function fixedLookup(address: string): LookupFunction {
  const family = isIP(address);
  if (family === 0) throw new Error(`"${address}" is not an IP address`);
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

/**
 * How a probe reaches a name: a fixed `address` (`--connect-to`) first, else the `resolver`'s
 * answer, else undefined -- the operating system's resolver (hosts file, then DNS), as the
 * device's own OS would resolve it.
 */
export function connectLookup(o: { address?: string; resolver?: string }, timeoutMs: number, signal: AbortSignal): LookupFunction | undefined {
  return o.address ? fixedLookup(o.address) : lookupVia(o.resolver, timeoutMs, signal);
}

/** The `address` and `resolver` parameters of a probe, as `connectLookup` takes them. */
export function reachParams(params: Readonly<Record<string, unknown>>): { address?: string; resolver?: string } {
  return { ...(params.address ? { address: String(params.address) } : {}), ...(params.resolver ? { resolver: String(params.resolver) } : {}) };
}
