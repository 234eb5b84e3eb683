// Where the wizard gets its sessions: the session store, so every step is journaled as it
// happens and a walk left with q or Ctrl-C can be resumed from the start screen.
import type { Session, StartOptions } from '../session/session.js';
import type { SessionStore, SessionSummary, StoreDeps } from '../transcript/store.js';
import type { RecentSession } from './start/index.js';

/** What the wizard needs from the store. */
export interface SessionSource {
  start(opts: StartOptions): Promise<Session>;
  /** Resolves with the session and lines that say what the resume did (changed trees...). */
  resume(id: string): Promise<{ session: Session; messages: string[] }>;
  /** Open sessions, newest first. */
  recent(): Promise<RecentSession[]>;
}

export function storeSource(store: SessionStore, deps: StoreDeps, now: () => number): SessionSource {
  const titleOf = (s: SessionSummary) => deps.compiled.set.trees.get(s.tree)?.title ?? s.tree;
  return {
    start: (opts) => store.create(deps, opts),
    async resume(id) {
      const r = await store.resume(id, deps);
      return { session: r.session, messages: r.messages };
    },
    async recent() {
      const all = await store.list(deps);
      return all
        .filter((s) => s.status === 'open')
        .map((s) => ({ id: s.id, title: titleOf(s), detail: [s.fixProposed ? `fix proposed: ${s.fixProposed.title}` : '', s.ticket ? `ticket ${s.ticket}` : '', ago(now() - s.lastStep.at)].filter(Boolean).join(' · ') }));
    },
  };
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}
