// tcp.connect: can we open a TCP connection? Classifies only; says nothing about why.
import net from 'node:net';
import { tcpConnect as descriptor } from './descriptors/tcp-connect.js';
import { remainingMs } from './lib/deadline.js';
import { hostPort } from './lib/host-port.js';
import { connectLookup, reachParams } from './lib/resolve.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN', 'ENETDOWN']);
const DNS_FAILED = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);

/** Maps a socket error code to a classification; exported for the classifier's unit test. */
export function classifyConnectError(code: string | undefined): 'refused' | 'unreachable' | 'dns-failed' | 'timeout' | 'error' {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code && UNREACHABLE.has(code)) return 'unreachable';
  if (code && (DNS_FAILED.has(code) || code === 'ESERVFAIL' || code === 'ETIMEOUT' || code === 'ECANCELLED')) return 'dns-failed';
  return 'error';
}

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const host = String(params.host);
  const port = Number(params.port ?? 443);
  const started = ctx.now();
  const target = hostPort(host, port);
  const reach = reachParams(params);
  ctx.onProgress?.(`connecting to ${target}${reach.address ? ` at ${reach.address}` : ''}`);
  const lookupStop = new AbortController();
  const outcome = await new Promise<{ code?: string; address?: string; family?: string }>((resolve) => {
    const socket = net.connect({ host, port, lookup: connectLookup(reach, remainingMs(ctx), lookupStop.signal) });
    const finish = (r: { code?: string; address?: string; family?: string }) => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      lookupStop.abort();
      socket.destroy();
      resolve(r);
    };
    const onAbort = () => finish({ code: 'ETIMEDOUT' });
    const timer = setTimeout(onAbort, Math.max(0, ctx.deadline - ctx.now()));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ address: socket.remoteAddress, family: socket.remoteFamily }));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ code: err.code }));
  });
  const durationMs = ctx.now() - started;
  if (!outcome.code) {
    return {
      classification: 'connected',
      summary: `${target} accepted the connection (${outcome.address})`,
      evidence: { host, port, address: outcome.address, family: outcome.family, ...(reach.address ? { connectTo: reach.address } : {}) },
      durationMs,
    };
  }
  const classification = classifyConnectError(outcome.code);
  const summaries: Record<string, string> = {
    refused: `${target} refused the connection: nothing listens on that port, or a firewall rejects it`,
    timeout: `${target} did not answer before the deadline: a firewall may drop the packets`,
    unreachable: `${target} is unreachable: no route to that address`,
    'dns-failed': `${host} could not be resolved`,
    error: `connecting to ${target} failed (${outcome.code})`,
  };
  return { classification, summary: summaries[classification] ?? target, evidence: { host, port, code: outcome.code }, durationMs };
}

export const probe: Probe = { ...descriptor, run };
