// Tree tests: a tree's `tests:` list, or a `NAME.test.yaml` file beside it.
import type { Node } from 'yaml';
import type { DiagnosticBag } from './diagnostics.js';
import { TARGET, TEST_KEYS } from './keys.js';
import { decodeTreeBytes, parseYaml } from './parse.js';
import { parseTarget, type Pos, type TreeTest } from './types.js';

const TEST_FILE_KEYS = ['tree', 'tests'] as const;
import type { YamlReader } from './yaml-reader.js';

/** Reads a `tests:` list (in a tree or a `*.test.yaml` file). */
export function readTests(r: YamlReader, node: Node | null, tree: string): TreeTest[] {
  const tests: TreeTest[] = [];
  for (const item of r.items(node, 'tests') ?? []) {
    const fields = r.entries(item, 'a test');
    if (!fields) continue;
    r.checkKeys(fields, TEST_KEYS, 'a test');
    const f = (k: string) => fields.find((x) => x.key === k);
    const name = f('name') ? r.str(f('name')!.value, 'name') : undefined;
    const expect = f('expect');
    if (!expect) {
      r.report('MISSING_KEY', item, `test "${name ?? '?'}" has no "expect"`, 'add "expect: NODE-ID" (where the walk must end)');
      continue;
    }
    const rawExpect = r.str(expect.value, 'expect');
    if (rawExpect === undefined) continue;
    if (!TARGET.test(rawExpect)) {
      r.report('BAD_VALUE', expect.value, `"${rawExpect}" is not a target`, 'write a node id or tree#node');
      continue;
    }
    const inputs: Record<string, string> = {};
    for (const i of (f('inputs') && r.entries(f('inputs')!.value, 'test inputs')) ?? []) {
      const v = r.scalar(i.value, `input "${i.key}"`);
      if (v !== undefined) inputs[i.key] = String(v);
    }
    const probes: Record<string, string> = {};
    const probePos: Record<string, { key: Pos; value: Pos }> = {};
    for (const p of (f('probes') && r.entries(f('probes')!.value, 'test probes')) ?? []) {
      const v = r.str(p.value, `the classification for "${p.key}"`);
      if (v !== undefined) {
        probes[p.key] = v;
        probePos[p.key] = { key: r.pos(p.keyNode), value: r.pos(p.value) };
      }
    }
    const answersEntry = f('answers');
    const answerItems = answersEntry ? (r.items(answersEntry.value, 'answers') ?? []) : [];
    const answers = answerItems.map((a) => String(r.scalar(a, 'an answer') ?? ''));
    tests.push({
      name: name ?? `test ${tests.length + 1}`,
      inputs,
      answers,
      answerPos: answerItems.map((a) => r.pos(a)),
      probes,
      probePos,
      expect: parseTarget(rawExpect, tree, r.pos(expect.value)),
      pos: r.pos(item),
      file: r.file,
    });
  }
  return tests;
}

/** Loads a `NAME.test.yaml` file: `tree: NAME` and `tests: [...]`. */
export function loadTestFile(file: string, bytes: Uint8Array, diag: DiagnosticBag): { tree: string; tests: TreeTest[]; pos: ReturnType<YamlReader['pos']> } | undefined {
  const text = decodeTreeBytes(file, bytes, diag);
  if (text === undefined) return undefined;
  const r = parseYaml(file, text, diag);
  if (!r) return undefined;
  const top = r.entries(r.doc.contents as Node, 'a test file');
  if (!top) return undefined;
  r.checkKeys(top, TEST_FILE_KEYS, 'a test file');
  const treeEntry = top.find((e) => e.key === 'tree');
  const testsEntry = top.find((e) => e.key === 'tests');
  if (!treeEntry) r.report('MISSING_KEY', r.doc.contents as Node, 'the test file has no "tree"', 'add "tree: TREE-ID"');
  if (!testsEntry) r.report('MISSING_KEY', r.doc.contents as Node, 'the test file has no "tests"', 'add "tests:" with a list of walks');
  const tree = treeEntry ? r.str(treeEntry.value, 'tree') : undefined;
  if (!tree || !testsEntry) return undefined;
  return { tree, tests: readTests(r, testsEntry.value, tree), pos: r.pos(treeEntry!.value) };
}
