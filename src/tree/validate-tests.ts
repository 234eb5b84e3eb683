// Checks a test's probe stubs against the catalog and the walk: the stub must name a probe
// (or a question's node id) that some question reachable from the tree's start uses, and a
// classification that probe can return. A stub that fails these would be ignored at run time
// and the test would fail later with "answers ran out", far from the mistake.
import { UNIVERSAL_CLASSIFICATIONS } from '../probes/types.js';
import { suggest } from '../util/suggest.js';
import type { DiagnosticBag } from './diagnostics.js';
import { nodeKey, type Pos, type QuestionNode, type Tree, type TreeSet } from './types.js';
import type { ProbeDescriptor } from '../probes/types.js';
import { edgesOf, targetNode } from './references.js';

/** The questions with a probe that a walk from the tree's start can meet, across trees. */
function probedQuestions(set: TreeSet, tree: Tree): QuestionNode[] {
  const seen = new Set<string>();
  const out: QuestionNode[] = [];
  const todo = [nodeKey(tree.id, tree.start)];
  while (todo.length) {
    const key = todo.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const [t, n] = key.split('#') as [string, string];
    const node = set.trees.get(t)?.nodes[n];
    if (!node) continue;
    if (node.kind === 'question' && node.probe) out.push(node);
    for (const e of edgesOf(node)) todo.push(nodeKey(e.to.tree, targetNode(set, e.to)));
  }
  return out;
}

/** Checks every test's `probes:` stubs of one tree. */
export function checkTestStubs(set: TreeSet, tree: Tree, catalog: ReadonlyMap<string, ProbeDescriptor>, diag: DiagnosticBag): void {
  if (!tree.tests.some((t) => Object.keys(t.probes).length)) return;
  const questions = probedQuestions(set, tree);
  const probesOnPath = [...new Set(questions.map((q) => q.probe!.use))];
  const add = (code: 'UNKNOWN_PROBE' | 'UNKNOWN_CLASSIFICATION' | 'UNUSED_STUB', pos: Pos, message: string, hint: string, length: number) =>
    diag.add({ code, severity: 'error', file: pos.file, line: pos.line, column: pos.column, length, message, hint });
  for (const test of tree.tests) {
    for (const [key, cls] of Object.entries(test.probes)) {
      const pos = test.probePos?.[key] ?? { key: test.pos, value: test.pos };
      const node = questions.find((q) => q.id === key);
      const probeId = catalog.has(key) ? key : node?.probe?.use;
      const where = `test "${test.name}"`;
      if (!probeId || !catalog.has(probeId)) {
        const guess = suggest(key, [...catalog.keys(), ...questions.map((q) => q.id)]);
        add(
          'UNKNOWN_PROBE',
          pos.key,
          `${where} stubs "${key}", which is neither a probe nor a question with a probe on its walk`,
          guess ? `did you mean "${guess}"?` : `stub a probe the walk meets: ${probesOnPath.join(', ') || '(none: no question on this walk has a probe)'}`,
          key.length,
        );
        continue;
      }
      if (!node && !probesOnPath.includes(probeId)) {
        add(
          'UNUSED_STUB',
          pos.key,
          `${where} stubs probe "${probeId}", but no question on a walk from "${tree.id}#${tree.start}" uses it; the stub would never be used`,
          probesOnPath.length ? `the walk meets: ${probesOnPath.join(', ')}` : 'no question on this walk has a probe: remove the stub',
          key.length,
        );
        continue;
      }
      const d = catalog.get(probeId)!;
      const classes = [...d.classifications, ...UNIVERSAL_CLASSIFICATIONS.filter((c) => !d.classifications.includes(c))];
      if (!classes.includes(cls)) {
        const guess = suggest(cls, classes);
        add('UNKNOWN_CLASSIFICATION', pos.value, `${where}: probe "${probeId}" never returns "${cls}"`, `${guess ? `did you mean "${guess}"? ` : ''}It returns: ${classes.join(', ')}`, cls.length);
      }
    }
  }
}
