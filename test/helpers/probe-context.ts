// A ProbeContext for tests: real clock, a deadline `ms` from now, nothing aborted.
import type { ProbeContext } from '../../src/probes/types.js';

export function probeCtx(ms = 5000, extra: Partial<ProbeContext> = {}): ProbeContext {
  return { signal: new AbortController().signal, deadline: Date.now() + ms, now: Date.now, ...extra };
}
