// The start screen as a pure reducer: the search text and a cursor over what it lists.
import { useReducer } from 'react';
import type { SearchIndex, SearchResult } from '../../search/search.js';

/** An open session that can be picked up again. */
export interface RecentSession {
  id: string;
  /** "Certificate warnings, step 3". */
  title: string;
  /** "fix proposed: Renew the certificate · ticket INC-4711 · 5 min ago". */
  detail?: string;
}

/** A line of the start screen's list. */
export type StartItem =
  /** A search hit: `id` is the target, a tree (its start) or `tree#node`. */
  | { kind: 'tree'; id: string; tree: string; node?: string; title: string; treeTitle: string; match: string; field: SearchResult['matched']['field'] }
  | { kind: 'triage'; id: string }
  | { kind: 'resume'; id: string; title: string; detail?: string };

export interface StartState {
  query: string;
  cursor: number;
}

export type StartAction = { type: 'type'; text: string } | { type: 'erase' } | { type: 'clear' } | { type: 'move'; by: number; count: number };

export function startReducer(s: StartState, a: StartAction): StartState {
  switch (a.type) {
    case 'type': {
      const text = a.text.replace(/[\u0000-\u001f\u007f]/g, '');
      return text ? { query: s.query + text, cursor: 0 } : s;
    }
    case 'erase':
      return s.query ? { query: s.query.slice(0, -1), cursor: 0 } : s;
    case 'clear':
      return { query: '', cursor: 0 };
    case 'move':
      return a.count === 0 ? s : { ...s, cursor: (s.cursor + a.by + a.count) % a.count };
  }
}

/** What the list shows for a query: matching trees, questions and fixes, then "Not sure", then open sessions. */
export function startItems(opts: { index: SearchIndex; query: string; recent: RecentSession[]; triage?: string; maxTrees: number; maxRecent: number }): StartItem[] {
  const { query, triage } = opts;
  // The triage tree is always there as "Not sure"; listing it as a hit too would say it twice.
  const hits = opts.index.search(query, { limit: opts.maxTrees + 1 }).filter((h) => h.target !== triage);
  const trees: StartItem[] = hits
    .slice(0, opts.maxTrees)
    .map((h) => ({ kind: 'tree', id: h.target, tree: h.tree, ...(h.node ? { node: h.node } : {}), title: h.title, treeTitle: h.treeTitle, match: h.matched.text, field: h.matched.field }));
  const notSure: StartItem[] = triage ? [{ kind: 'triage', id: triage }] : [];
  const recent: StartItem[] = opts.recent.slice(0, opts.maxRecent).map((r) => ({ kind: 'resume', ...r }));
  return query.trim() ? [...trees, ...notSure, ...recent] : [...notSure, ...trees, ...recent];
}

export function useStartState() {
  return useReducer(startReducer, { query: '', cursor: 0 });
}
