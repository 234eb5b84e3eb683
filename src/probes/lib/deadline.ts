// One signal per probe run that fires on the caller's abort *or* at the deadline, so every
// socket, resolver and timer a probe opens can be torn down from one place.
import type { ProbeContext } from '../types.js';

/** Milliseconds left before the probe's deadline (never negative). */
export function remainingMs(ctx: ProbeContext): number {
  return Math.max(0, ctx.deadline - ctx.now());
}

/** Why a bounded operation stopped early. */
export type StopReason = 'deadline' | 'cancelled';

export interface Bound {
  signal: AbortSignal;
  /** Set once the signal fired. */
  reason(): StopReason | undefined;
  dispose(): void;
}

/** A signal aborted by `ctx.signal` or at `ctx.deadline`, whichever comes first. */
export function bound(ctx: ProbeContext, capMs = Infinity): Bound {
  const controller = new AbortController();
  let why: StopReason | undefined;
  const stop = (r: StopReason) => {
    if (why) return;
    why = r;
    controller.abort(new Error(r));
  };
  const onAbort = () => stop(ctx.signal.reason instanceof Error && ctx.signal.reason.message === 'deadline' ? 'deadline' : 'cancelled');
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => stop('deadline'), Math.min(capMs, remainingMs(ctx)));
  return {
    signal: controller.signal,
    reason: () => why,
    dispose: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Error codes a probe sees when it was stopped rather than failed. */
export class StoppedError extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'deadline' ? 'deadline reached' : 'cancelled');
  }
}
