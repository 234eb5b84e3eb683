// Sessions over the wizard's fixture trees, with a probe runner the test controls.
import { probeCatalog } from '../../src/probes/catalog.js';
import type { ProbeResult, ProbeRunner } from '../../src/probes/types.js';
import { Session, type SessionDeps } from '../../src/session/session.js';
import { compileFixtures } from '../helpers/load-trees.js';

export const compiled = await compileFixtures('trees/ui');

/** A runner whose result the test hands over when it wants; it notices an abort. */
export function manualRunner() {
  let settle: ((r: ProbeResult) => void) | undefined;
  const calls: Array<{ id: string; params: unknown }> = [];
  const runner: ProbeRunner = (id, params, ctx) =>
    new Promise<ProbeResult>((resolve) => {
      calls.push({ id, params });
      settle = resolve;
      ctx.onProgress?.(`connecting to ${String(params.host)}:${String(params.port)}`);
      ctx.signal.addEventListener('abort', () => resolve({ classification: 'error', summary: 'aborted', evidence: {}, durationMs: 0 }));
    });
  return { runner, calls, finish: (r: ProbeResult) => settle?.(r) };
}

export function startSession(tree: string, runner: ProbeRunner = async () => ({ classification: 'connected', summary: 'ok', evidence: {}, durationMs: 1 }), extra: Partial<SessionDeps> = {}): Session {
  let t = 1_790_000_000_000;
  return Session.start({ compiled, catalog: probeCatalog, runner, now: () => (t += 1000), newId: () => 'S1', ...extra }, { tree, ticket: 'INC-1' });
}
