// A tree's outline for authors: every node with its kind, its text and where it is entered
// from (the tree's start, its own nodes, other trees). `eas-doctor show` prints it.
import { entriesOf, type Entry } from './references.js';
import { nodeKey, type Tree, type TreeNode, type TreeSet } from './types.js';

/** One node of the outline. */
export interface OutlineNode {
  id: string;
  kind: TreeNode['kind'];
  /** The question, or the fix's or escalation's title. */
  text: string;
  /** The probe that answers the question, if any. */
  probe?: string;
  /** The tree's first node. */
  start: boolean;
  /** Nodes of the same tree that lead here, with the answer key (or "did-not-help"). */
  from: Array<{ node: string; via: string }>;
  /** Nodes of other trees that lead here. */
  entries: Entry[];
}

/** Every node of `tree` in file order, with where it is entered from across `set`. */
export function outlineOf(set: TreeSet, tree: Tree): OutlineNode[] {
  const all = entriesOf(set);
  return Object.values(tree.nodes).map((n) => {
    const entered = all.get(nodeKey(tree.id, n.id)) ?? [];
    return {
      id: n.id,
      kind: n.kind,
      text: n.kind === 'question' ? n.question : n.title,
      ...(n.kind === 'question' && n.probe ? { probe: n.probe.use } : {}),
      start: tree.start === n.id,
      from: entered.filter((e) => e.tree === tree.id).map((e) => ({ node: e.node, via: e.via })),
      entries: entered.filter((e) => e.tree !== tree.id),
    };
  });
}
