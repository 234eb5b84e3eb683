// Routes that go round: a sequence of answers (an "I don't know", a fix's "did not help")
// that leads back to a question already asked. The unit is the node graph across trees, not
// the tree graph: trees may hand over to each other back and forth (dns, connectivity and
// provisioning do) as long as no walk can reach the same question twice.
import { edgesOf, targetNode } from './references.js';
import { nodeKey, type Target, type TreeNode, type TreeSet } from './types.js';

/** One way out of a node, resolved to the node it enters. */
interface Route {
  to: string;
  target: Target;
  /** The answer key, `unknown`, or `did-not-help`. */
  via: string;
}

/** A circle of routes, closed by one route back to a node already on the walk. */
export interface RouteCycle {
  /**
   * `tree#node` from the node the closing route goes back to, round to it again; a circle of
   * more than MAX_SHOWN nodes keeps its first and last nodes with `…` between.
   */
  path: string[];
  /** How many routes the circle takes. */
  length: number;
  /** The trees the circle runs through, in the set's order. */
  trees: string[];
  /** The node the closing route leaves. */
  from: TreeNode;
  /** The closing route. */
  route: { target: Target; via: string };
}

/** Every node's resolved routes by `tree#node`; routes to nodes that do not exist are left out. */
function routesOf(set: TreeSet): { nodes: Map<string, TreeNode>; routes: Map<string, Route[]> } {
  const nodes = new Map<string, TreeNode>();
  for (const tree of set.trees.values()) for (const node of Object.values(tree.nodes)) nodes.set(nodeKey(tree.id, node.id), node);
  const routes = new Map<string, Route[]>();
  for (const [key, node] of nodes) {
    const out: Route[] = [];
    for (const e of edgesOf(node)) {
      const to = nodeKey(e.to.tree, targetNode(set, e.to));
      if (nodes.has(to)) out.push({ to, target: e.to, via: e.via });
    }
    routes.set(key, out);
  }
  return { nodes, routes };
}

/** Most nodes a cycle lists; a hostile set's long circles must not make validation quadratic. */
export const MAX_SHOWN = 24;

/** The circle from `path[at]` round to `back`, shortened in the middle when long. */
function shown(path: readonly string[], at: number, back: string): string[] {
  const length = path.length - at + 1;
  if (length <= MAX_SHOWN) return [...path.slice(at), back];
  const head = MAX_SHOWN / 2;
  return [...path.slice(at, at + head), `… ${length - MAX_SHOWN + 1} more …`, ...path.slice(path.length - (MAX_SHOWN - head - 2)), back];
}

/**
 * One cycle per route that closes one: a depth-first walk from every tree's start (trees no
 * other tree leads into first, so "upstream" reads as a walk from the front door), then from
 * any node not reached yet. A route to a node still on the walk's path closes a cycle; taking
 * every such route away leaves no cycle, so fixing each reported route removes them all.
 * Iterative: a set of 50,000 nodes must not overflow the stack.
 */
export function findRouteCycles(set: TreeSet): RouteCycle[] {
  const { nodes, routes } = routesOf(set);
  const enteredFromElsewhere = new Set<string>();
  for (const [key, out] of routes) for (const r of out) if (r.to.split('#')[0] !== key.split('#')[0]) enteredFromElsewhere.add(r.to);
  const starts = [...set.trees.values()].map((t) => nodeKey(t.id, t.start)).filter((k) => nodes.has(k));
  const roots = [...starts.filter((k) => !enteredFromElsewhere.has(k)), ...starts.filter((k) => enteredFromElsewhere.has(k)), ...nodes.keys()];
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  // Per tree, the path positions of its nodes: the trees a circle runs through are those
  // whose last position is inside it, found without going along a long circle.
  const treeOf = (key: string) => key.slice(0, key.indexOf('#'));
  const at = new Map<string, number[]>([...set.trees.keys()].map((id) => [id, []]));
  const enter = (key: string, i: number) => {
    onPath.set(key, i);
    at.get(treeOf(key))?.push(i);
  };
  const leave = (key: string) => {
    onPath.delete(key);
    at.get(treeOf(key))?.pop();
  };
  const treesFrom = (i: number) => [...at].filter(([, list]) => list.length > 0 && list[list.length - 1]! >= i).map(([id]) => id);
  const cycles: RouteCycle[] = [];
  for (const root of roots) {
    if (done.has(root)) continue;
    const path: string[] = [root];
    const next: number[] = [0];
    enter(root, 0);
    while (path.length) {
      const key = path[path.length - 1]!;
      const out = routes.get(key)!;
      const i = next[next.length - 1]!;
      if (i >= out.length) {
        path.pop();
        next.pop();
        leave(key);
        done.add(key);
        continue;
      }
      next[next.length - 1] = i + 1;
      const r = out[i]!;
      const back = onPath.get(r.to);
      if (back !== undefined) cycles.push({ path: shown(path, back, r.to), length: path.length - back, trees: treesFrom(back), from: nodes.get(key)!, route: { target: r.target, via: r.via } });
      else if (!done.has(r.to)) {
        enter(r.to, path.length);
        path.push(r.to);
        next.push(0);
      }
    }
  }
  return cycles;
}
