// Who leads where: every node's outgoing edges (answers, "did not help") and, across a tree
// set, where each node is entered from — its own tree or another. The graph and `show` both
// read them, so a new kind of edge is added here once.
import { nodeKey, questionAnswers, UNKNOWN_KEY, type Target, type Tree, type TreeNode, type TreeSet } from './types.js';

/** One way out of a node. */
export interface Edge {
  from: string;
  to: Target;
  /** The answer key (`unknown` for "I don't know"), or "did-not-help". */
  via: string;
  /** The answer's label (the key for "did not help"). */
  label: string;
  /** Probe classifications mapped to this answer. */
  classifications: string[];
  /** Not an observation but a way on: "I don't know", or "did not help" after a fix (drawn dashed). */
  fallback: boolean;
}

/** A node's ways out, in order. */
export function edgesOf(node: TreeNode): Edge[] {
  if (node.kind === 'question') {
    return questionAnswers(node).map((a) => ({
      from: node.id,
      to: a.goto,
      via: a.key,
      label: a.label,
      classifications: node.probe ? Object.entries(node.probe.map).filter(([, ans]) => ans === a.key).map(([cls]) => cls) : [],
      fallback: a.key === UNKNOWN_KEY,
    }));
  }
  if (node.kind === 'fix' && node.unresolved) return [{ from: node.id, to: node.unresolved, via: 'did-not-help', label: 'did not help', classifications: [], fallback: true }];
  return [];
}

/** Where a node is entered from. */
export interface Entry {
  tree: string;
  node: string;
  via: string;
}

/** The node id a target names inside `tree` (`start` resolved). */
export function targetNode(set: TreeSet, t: Target): string {
  return t.node === 'start' ? (set.trees.get(t.tree)?.start ?? t.node) : t.node;
}

/** Every node's entries by `tree#node`, in the set's tree order; only targets that exist count. */
export function entriesOf(set: TreeSet): Map<string, Entry[]> {
  const entries = new Map<string, Entry[]>();
  for (const tree of set.trees.values()) {
    for (const node of Object.values(tree.nodes)) {
      for (const e of edgesOf(node)) {
        const key = nodeKey(e.to.tree, targetNode(set, e.to));
        const list = entries.get(key) ?? [];
        list.push({ tree: tree.id, node: node.id, via: e.via });
        entries.set(key, list);
      }
    }
  }
  return entries;
}

/** The entries of one tree's nodes from other trees, by node id. */
export function entriesFromOtherTrees(set: TreeSet, tree: Tree): Map<string, Entry[]> {
  const all = entriesOf(set);
  const out = new Map<string, Entry[]>();
  for (const id of Object.keys(tree.nodes)) {
    const from = (all.get(nodeKey(tree.id, id)) ?? []).filter((e) => e.tree !== tree.id);
    if (from.length) out.set(id, from);
  }
  return out;
}
