// What a journal's events mean after resumes: the events that stand, and the status they give.
// Below store.ts and transcript.ts, which both read events this way.
import { effectiveEvents, type SessionEvent, type SessionStatus } from '../session/events.js';

/**
 * The events as the walk sees them after a resume: an `abandoned` end that later steps
 * followed is dropped, so a reopened session is open again. The journal keeps it.
 */
export function liveEvents(events: readonly SessionEvent[]): SessionEvent[] {
  let lastStep = -1;
  events.forEach((e, i) => {
    if (e.type !== 'note' && e.type !== 'end') lastStep = i;
  });
  return events.filter((e, i) => !(e.type === 'end' && e.status === 'abandoned' && i < lastStep));
}

/** The status the session engine would report for these events. */
export function statusOf(events: readonly SessionEvent[]): SessionStatus {
  const eff = effectiveEvents(liveEvents(events));
  const end = [...eff].reverse().find((e) => e.type === 'end');
  return end?.type === 'end' ? end.status : 'open';
}
