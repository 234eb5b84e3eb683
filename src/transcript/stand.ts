// Where a journaled walk stands on today's trees, replayed without running anything: the
// transcript and the session list both ask it (a fix on screen, a question, an end).
import type { SessionEvent } from '../session/events.js';
import { Session } from '../session/session.js';
import type { StepView } from '../session/view.js';
import type { TranscriptDeps } from './model.js';

/** The view after these events; undefined when today's trees cannot replay them (a start node gone). */
export function viewOf(events: readonly SessionEvent[], deps: TranscriptDeps): StepView | undefined {
  try {
    return Session.restore({ ...deps, runner: async () => ({ classification: 'error', summary: 'not run', evidence: {}, durationMs: 0 }), now: () => 0 }, { events: [...events] }).view();
  } catch {
    return undefined;
  }
}
