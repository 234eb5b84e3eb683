// Does a recorded walk still fit today's trees? Used by resume (a tree changed since the
// session started) and by replay (a regression check for tree authors).
import type { CompiledTrees } from '../compile/compile.js';
import { effectiveEvents, type SessionEvent } from '../session/events.js';
import { Session, type SessionDeps } from '../session/session.js';
import { questionAnswers } from '../tree/types.js';
import { ref } from './format.js';

/** A tree the session used whose content differs from what the journal recorded. */
export interface TreeChange {
  tree: string;
  recorded: { version: number; hash: string };
  /** Undefined when the tree is no longer loaded. */
  now?: { version: number; hash: string };
}

type Start = Extract<SessionEvent, { type: 'start' }>;
type Decision = Extract<SessionEvent, { type: 'answer' } | { type: 'fix-result' }>;

/** The trees a session's events touched: its start tree and every tree of a node it visited. */
export function touchedTrees(events: readonly SessionEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (e.type === 'start') out.add(e.tree);
    const node = 'node' in e ? e.node : undefined;
    if (node && e.type !== 'start') out.add(node.split('/')[0]!);
  }
  return [...out];
}

/** Which of `trees` differ (by content hash) from the versions the start event recorded. */
export function treeChanges(start: Start, trees: string[], compiled: CompiledTrees): TreeChange[] {
  const out: TreeChange[] = [];
  for (const id of trees) {
    const recorded = start.trees[id];
    if (!recorded) continue;
    const t = compiled.set.trees.get(id);
    if (!t) out.push({ tree: id, recorded });
    else if (t.hash !== recorded.hash) out.push({ tree: id, recorded, now: { version: t.version, hash: t.hash } });
  }
  return out;
}

export type WalkCheck =
  | { kind: 'fits' }
  | { kind: 'start-gone'; reason: string }
  | {
      kind: 'diverged';
      /** 0-based index of the first decision that no longer fits. */
      index: number;
      /** How many decisions (answers, fix results) to undo to get back before it. */
      undo: number;
      /** True when the walk still reaches the node that decision was made at. */
      standsAtSameNode: boolean;
      reason: string;
    };

/**
 * Replays the effective decisions one by one on today's trees and finds the first one that
 * was made at a node the walk no longer reaches, or with an answer the node no longer has.
 */
export function checkWalk(deps: Omit<SessionDeps, 'onEvent'>, events: readonly SessionEvent[]): WalkCheck {
  const eff = effectiveEvents(events);
  const start = eff[0] as Start;
  const quiet = { ...deps, onEvent: undefined };
  try {
    Session.restore(quiet, { events: [start] });
  } catch (err) {
    return { kind: 'start-gone', reason: err instanceof Error ? err.message : String(err) };
  }
  const decisions: Array<{ at: number; e: Decision }> = [];
  eff.forEach((e, i) => {
    if (e.type === 'answer' || e.type === 'fix-result') decisions.push({ at: i, e });
  });
  for (let k = 0; k < decisions.length; k++) {
    const { at, e } = decisions[k]!;
    const s = Session.restore(quiet, { events: eff.slice(0, at) });
    const v = s.view();
    const here = v.kind === 'end' ? undefined : v.key;
    const undo = decisions.length - k;
    if (here !== e.node) {
      return { kind: 'diverged', index: k, undo, standsAtSameNode: false, reason: `step ${k + 1} was answered at "${ref(e.node)}", but the walk now reaches ${here ? `"${ref(here)}"` : 'an end'} there` };
    }
    // The node, not the view: a view may be asking for an input (a secret) before the question.
    const node = deps.compiled.nodes.get(here);
    if (e.type === 'answer' && (node?.kind !== 'question' || !questionAnswers(node).some((a) => a.key === e.answer))) {
      return { kind: 'diverged', index: k, undo, standsAtSameNode: node?.kind === 'question', reason: `"${ref(e.node)}" no longer has the answer "${e.answer}"` };
    }
    if (e.type === 'fix-result' && node?.kind !== 'fix') {
      return { kind: 'diverged', index: k, undo, standsAtSameNode: false, reason: `"${ref(e.node)}" is no longer a fix` };
    }
  }
  return { kind: 'fits' };
}
