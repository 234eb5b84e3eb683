// A session is its event log: every step is appended, and the walk's state is what replaying
// the log through the machine gives. The journal writes these events; a snapshot is the log.
import type { ProbeOutcome } from '../compile/machine.js';

/** How a session stands. */
export type SessionStatus = 'open' | 'resolved' | 'escalated' | 'abandoned';

/** One step, as journaled. `node` is a state key, `tree/node`. */
export type SessionEvent =
  | { type: 'start'; at: number; id: string; tree: string; node: string; ticket?: string; operator?: string; trees: Record<string, { version: number; hash: string }> }
  | {
      type: 'input';
      at: number;
      name: string;
      value?: string;
      secret?: true;
      /** The tree whose prompt asked it; older journals have none (then: the first tree defining the name). */
      tree?: string;
    }
  | { type: 'answer'; at: number; node: string; answer: string; byProbe?: boolean; /** The state key it led to. */ to?: string }
  | { type: 'probe'; at: number; node: string; outcome: ProbeOutcome }
  | { type: 'probe-skipped'; at: number; node: string }
  | { type: 'note'; at: number; node: string; text: string }
  | { type: 'back'; at: number }
  | { type: 'restart'; at: number }
  | { type: 'fix-result'; at: number; node: string; result: 'resolved' | 'did-not-help'; /** The state key "did not help" led to. */ to?: string }
  | {
      type: 'end';
      at: number;
      status: Exclude<SessionStatus, 'open'>;
      node?: string;
      /** The walk came back to a question already answered (or a fix already tried) on its path (`node`): it stops there instead of going round. */
      loop?: true;
    }
  | { type: 'resume'; at: number; trees: Record<string, { version: number; hash: string }> };

/** A session as JSON: enough to restore it exactly. */
export interface SessionSnapshot {
  format: 'eas-doctor/session';
  version: 1;
  id: string;
  events: SessionEvent[];
}

/**
 * The events that still shape the walk: `back` removes the last answer (and the probe runs,
 * skips and inputs given at the node it left), `restart` keeps only the start and the inputs.
 * A `resume` reopens a session that was abandoned (and records the trees it resumed on).
 * Notes, backs and restarts stay in the full history for the transcript.
 */
export function effectiveEvents(events: readonly SessionEvent[]): SessionEvent[] {
  const out: SessionEvent[] = [];
  for (const e of events) {
    if (e.type === 'back') {
      for (let i = out.length - 1; i > 0; i--) {
        const x = out[i]!;
        if (x.type === 'answer' || x.type === 'fix-result') {
          out.splice(i);
          break;
        }
      }
      continue;
    }
    if (e.type === 'restart') {
      const kept = out.filter((x) => x.type === 'start' || x.type === 'input');
      out.splice(0, out.length, ...kept);
      continue;
    }
    if (e.type === 'note') continue;
    if (e.type === 'resume') {
      const i = out.findLastIndex((x) => x.type === 'end' && x.status === 'abandoned');
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    out.push(e);
  }
  return out;
}
