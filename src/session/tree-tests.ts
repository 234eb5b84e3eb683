// Runs tree tests: each walk starts at its tree's start, answers in order, takes stubbed
// probe classifications where a question has a probe, and must end at `expect`.
import { stateKey, targetKey, type CompiledTrees } from '../compile/compile.js';
import type { ProbeDescriptor, ProbeRunner } from '../probes/types.js';
import { UNKNOWN_KEY, type Pos, type Tree, type TreeTest } from '../tree/types.js';
import { autoProbe, dontKnow } from './script.js';
import { Session, SessionError } from './session.js';

/** One test's result. */
export interface TreeTestResult {
  tree: string;
  test: TreeTest;
  passed: boolean;
  /** Where the walk ended (state key), or where it stopped. */
  endedAt?: string;
  /** Why it failed. */
  message?: string;
  /** Where it failed: the answer that did not fit, else the test. */
  pos?: Pos;
  /** State keys of the fixes and escalations the walk passed through or ended at. */
  reached: string[];
  /** How many answers were given by hand. */
  answersByHand: number;
}

/** Results of every test, and the fixes and escalations no test reaches. */
export interface TreeTestReport {
  results: TreeTestResult[];
  unreached: Array<{ key: string; kind: 'fix' | 'escalate'; file: string; line: number; column: number }>;
}

function stubRunner(test: TreeTest): ProbeRunner {
  return async (id) => ({ classification: test.probes[id] ?? 'error', summary: `stubbed: ${test.probes[id] ?? 'no stub'}`, evidence: { stubbed: true }, durationMs: 0 });
}

/** Runs one test. */
export async function runTreeTest(compiled: CompiledTrees, catalog: ReadonlyMap<string, ProbeDescriptor>, tree: string, test: TreeTest): Promise<TreeTestResult> {
  let clock = 0;
  const session = Session.start({ compiled, catalog, runner: stubRunner(test), now: () => ++clock, newId: () => 'test' }, { tree });
  const reached = new Set<string>();
  const answers = [...test.answers];
  let byHand = 0;
  // The answer being applied: a failure points at it rather than at the test's first line.
  let answerAt: Pos | undefined;
  const fail = (message: string): TreeTestResult => ({ tree, test, passed: false, message, pos: answerAt ?? test.pos, endedAt: currentKey(), reached: [...reached], answersByHand: byHand });
  const currentKey = () => session.view().key;
  const hasStub = (probeId: string, nodeKey: string) => probeId in test.probes || nodeKey.split('/')[1]! in test.probes;
  try {
    for (let guard = 0; guard < 10_000; guard++) {
      const v = session.view();
      if (v.kind === 'input') {
        const value = test.inputs[v.input.name] ?? v.input.example ?? 'example';
        session.input(v.input.name, value);
        continue;
      }
      if (v.kind === 'fix' || v.kind === 'escalate') reached.add(v.key);
      // A stubbed probe may need inputs only its parameters use (a log file, a PFX): give them.
      if (v.kind === 'question' && v.probe && hasStub(v.probe.id, v.key)) {
        for (const input of v.probe.missing) session.input(input.name, test.inputs[input.name] ?? input.example ?? 'example');
      }
      if (v.kind === 'question' && (await autoProbe(session, hasStub))) continue;
      answerAt = test.answerPos?.[test.answers.length - answers.length];
      const next = answers.shift();
      if (next === undefined) break;
      if (v.kind === 'fix') {
        if (next !== 'did-not-help') return fail(`at fix "${v.node.id}" the only answer is "did-not-help", not "${next}"`);
        session.notFixed();
        continue;
      }
      if (v.kind !== 'question') return fail(`the walk ended at "${v.key}" but answers remain: ${[next, ...answers].join(', ')}`);
      if (next === UNKNOWN_KEY) {
        // "I don't know" may run the check: give the inputs it needs, as for a stubbed probe.
        for (const input of v.probe?.missing ?? []) session.input(input.name, test.inputs[input.name] ?? input.example ?? 'example');
        await dontKnow(session);
      } else session.answer(next);
      byHand++;
      answerAt = undefined;
    }
  } catch (err) {
    if (err instanceof SessionError) return fail(err.message);
    throw err;
  }
  const end = session.view();
  const want = targetKey(compiled.set, test.expect);
  const at = end.key;
  if (at !== want) {
    const where = end.kind === 'question' ? `question "${at}" (answers ran out)` : `"${at}"`;
    return fail(`expected the walk to end at "${want.replace('/', '#')}", it stopped at ${where.replace('/', '#')}`);
  }
  return { tree, test, passed: true, endedAt: at, reached: [...reached], answersByHand: byHand };
}

/**
 * Runs the tests of the set (those `include` accepts: by their tree's file or their own) and
 * lists the fixes and escalations, of the trees in `scope`, that no passing test reaches.
 */
export async function runTreeTests(
  compiled: CompiledTrees,
  catalog: ReadonlyMap<string, ProbeDescriptor>,
  include: (tree: Tree, test: TreeTest) => boolean = () => true,
  scope: (tree: Tree) => boolean = () => true,
): Promise<TreeTestReport> {
  const results: TreeTestResult[] = [];
  const reached = new Set<string>();
  for (const tree of compiled.set.trees.values()) {
    for (const test of tree.tests) {
      if (!include(tree, test)) continue;
      const r = await runTreeTest(compiled, catalog, tree.id, test);
      results.push(r);
      if (r.passed) r.reached.forEach((k) => reached.add(k));
    }
  }
  const unreached: TreeTestReport['unreached'] = [];
  for (const tree of compiled.set.trees.values()) {
    if (!scope(tree)) continue;
    for (const node of Object.values(tree.nodes)) {
      if (node.kind === 'question') continue;
      const key = stateKey(tree.id, node.id);
      if (!reached.has(key)) unreached.push({ key, kind: node.kind, file: node.pos.file, line: node.pos.line, column: node.pos.column });
    }
  }
  return { results, unreached };
}
