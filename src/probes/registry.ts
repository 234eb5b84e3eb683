// Loads probe implementations on first use (keeps start-up free of network code) and runs
// them under a hard deadline: whatever the probe does, the runner returns by deadline + 1 s.
import { probeCatalog } from './catalog.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult, ProbeRunner } from './types.js';

type Loader = () => Promise<{ probe: Probe }>;

/** Where each probe's code lives, by id. */
const loaders: Record<string, Loader> = {
  'tcp.connect': () => import('./tcp-connect.js'),
  'dns.lookup': () => import('./dns-lookup.js'),
  'dns.autodiscover': () => import('./dns-autodiscover.js'),
  'tls.certificate': () => import('./tls-certificate.js'),
  'tls.legacy': () => import('./tls-legacy.js'),
  'tls.client-cert': () => import('./tls-client-cert.js'),
  'eas.options': () => import('./eas-options.js'),
  'eas.sync': () => import('./eas-sync.js'),
  'eas.autodiscover': () => import('./eas-autodiscover.js'),
  'eas.version': () => import('./eas-version.js'),
  'iis.log': () => import('./iis-log.js'),
};

/** Loads a probe's implementation; throws for an id the catalog does not know. */
export async function loadProbe(id: string): Promise<Probe> {
  const load = loaders[id];
  if (!load || !probeCatalog.has(id)) {
    throw new Error(`unknown probe "${id}"; known probes: ${[...probeCatalog.keys()].join(', ')}`);
  }
  return (await load()).probe;
}

/** Grace the runner gives a probe past its deadline before it stops waiting for it. */
export const DEADLINE_GRACE_MS = 1000;

/**
 * The real probe runner: loads the probe, aborts it at its deadline, and turns a throw into
 * the `error` classification and an overrun into `timeout`, so a tree can map both.
 */
export const runProbe: ProbeRunner = async (id: string, params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> => {
  const started = ctx.now();
  const controller = new AbortController();
  const onAbort = () => controller.abort(ctx.signal.reason);
  if (ctx.signal.aborted) controller.abort(ctx.signal.reason);
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  const remaining = Math.max(0, ctx.deadline - ctx.now());
  const abortTimer = setTimeout(() => controller.abort(new Error('deadline')), remaining);
  let hardTimer: NodeJS.Timeout | undefined;
  const overrun = new Promise<ProbeResult>((resolve) => {
    hardTimer = setTimeout(
      () => resolve({ classification: 'timeout', summary: `${id} did not finish before its deadline`, evidence: { deadlineMs: remaining }, durationMs: ctx.now() - started }),
      remaining + DEADLINE_GRACE_MS,
    );
  });
  try {
    const probe = await loadProbe(id);
    const withResolver = ctx.resolver && 'resolver' in probe.params && params.resolver === undefined ? { ...params, resolver: ctx.resolver } : params;
    return await Promise.race([probe.run(withResolver, { ...ctx, signal: controller.signal }), overrun]);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (controller.signal.aborted && !ctx.signal.aborted) {
      return { classification: 'timeout', summary: `${id} did not finish before its deadline`, evidence: { deadlineMs: remaining }, durationMs: ctx.now() - started };
    }
    return { classification: 'error', summary: `${id} failed: ${message}`, evidence: { error: message }, durationMs: ctx.now() - started };
  } finally {
    clearTimeout(abortTimer);
    clearTimeout(hardTimer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
};
