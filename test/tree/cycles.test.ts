// Route cycles: answers, "I don't know" routes and a fix's "did not help" that lead back to a
// node the walk has already been through, across trees. Trees that hand over to each other
// back and forth are fine as long as no node comes round.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { findRouteCycles, MAX_SHOWN } from '../../src/tree/cycles.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import type { TreeNode } from '../../src/tree/types.js';

const esc = '  e:\n    escalate: Hand over\n    to: Tier 2\n';
const fix = (id: string, unresolved: string) => `  ${id}:\n    fix: Fix it\n    cause: Broken\n    why: Because.\n    steps: [Do it]\n    verify: It works.\n    sources: [s]\n    unresolved: ${unresolved}\n`;
const question = (id: string, answers: string, unknown = 'e') => `  ${id}:\n    question: Is ${id} fine?\n    answers: {${answers}}\n    unknown: ${unknown}\n`;
const tree = (id: string, start: string, nodes: string) => `id: ${id}\ntitle: ${id.toUpperCase()}\nversion: 1\nstart: ${start}\nnodes:\n${nodes}`;

async function load(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-cycles-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const result = await loadTreeSet(nodeTreeFs, [[dir]], probeCatalog);
  const cycles = result.diagnostics.items.filter((d) => d.code === 'ROUTE_CYCLE');
  return { result, cycles, others: result.diagnostics.items.filter((d) => d.code !== 'ROUTE_CYCLE') };
}

describe('ROUTE_CYCLE', () => {
  test('two trees that lead back to a question already asked: one warning, at the route that closes the circle', async () => {
    const { cycles, others } = await load({
      'a.yaml': tree('a', 'q1', question('q1', 'yes: q2, no: e') + question('q2', 'yes: "b#start", no: e') + esc),
      'b.yaml': tree('b', 'p1', question('p1', 'yes: "a#q1", no: e') + esc),
    });
    expect(others).toEqual([]);
    expect(cycles).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: expect.stringMatching(/b\.yaml$/),
        line: 8,
        column: 20,
        length: 4,
        message: 'answer "yes" of "p1" leads back to "a#q1", a question this walk has already asked: a#q1 -> a#q2 -> b#p1 -> a#q1',
        hint: expect.stringMatching(/not upstream of "p1".*escalation that hands over what was gathered/),
        through: [expect.stringMatching(/a\.yaml$/)],
      }),
    ]);
  });

  test('"I don\'t know" that leads to its own question', async () => {
    const { cycles } = await load({ 'a.yaml': tree('a', 'q', question('q', 'yes: e, no: e', 'q') + esc) });
    expect(cycles.map((d) => [d.line, d.column, d.message])).toEqual([[9, 14, '"unknown" of "q" leads back to "a#q", a question this walk has already asked: a#q -> a#q']]);
  });

  test('a fix whose "did not help" goes back up to the question that led to it, through another tree', async () => {
    const { cycles, others } = await load({
      'a.yaml': tree('a', 'q', question('q', 'yes: "b#f", no: e') + esc),
      'b.yaml': tree('b', 'f', fix('f', '"a#q"')),
    });
    expect(others.filter((d) => d.severity === 'error')).toEqual([]);
    expect(cycles.map((d) => [path.basename(d.file), d.line, d.column, d.message])).toEqual([['b.yaml', 13, 17, '"unresolved" of fix "f" leads back to "a#q", a question this walk has already asked: a#q -> b#f -> a#q']]);
  });

  test('two fixes whose "did not help" lead to each other', async () => {
    const { cycles } = await load({ 'a.yaml': tree('a', 'q', question('q', 'yes: f1, no: e') + fix('f1', 'f2') + fix('f2', 'f1') + esc) });
    expect(cycles.map((d) => d.message)).toEqual(['"unresolved" of fix "f2" leads back to "a#f1", a fix this walk has already shown: a#f1 -> a#f2 -> a#f1']);
  });

  test('trees that lead into each other both ways, but never back to a node, do not warn', async () => {
    // a -> b -> a -> b at the tree level (one strongly connected group), a line at the node level.
    const { result } = await load({
      'a.yaml': tree('a', 'q1', question('q1', 'yes: "b#p1", no: e') + question('q2', 'yes: "b#p2", no: e') + fix('f', 'e') + esc),
      'b.yaml': tree('b', 'p1', question('p1', 'yes: "a#q2", no: "a#f"', '"a#q2"') + question('p2', 'yes: "a#f", no: "a#e"', '"a#e"')),
    });
    expect(result.diagnostics.items).toEqual([]);
  });

  test('two circles through one question are two warnings, one per closing route; rerouting both clears them', async () => {
    const nodes = (back1: string, back2: string) => question('q1', 'yes: q2, no: q3') + question('q2', `yes: ${back1}, no: e`) + question('q3', `yes: ${back2}, no: e`) + esc;
    const { cycles } = await load({ 'a.yaml': tree('a', 'q1', nodes('q1', 'q1')) });
    expect(cycles.map((d) => d.message.split(': ')[1])).toEqual(['a#q1 -> a#q2 -> a#q1', 'a#q1 -> a#q3 -> a#q1']);
    expect((await load({ 'a.yaml': tree('a', 'q1', nodes('e', 'q2')) })).result.diagnostics.items).toEqual([]);
  });

  test('a circle with no way out is NO_WAY_OUT alone, not a cycle warning too', async () => {
    const { result } = await load({ 'a.yaml': tree('a', 'q1', question('q1', 'yes: q2, no: e') + '  q2:\n    question: Again?\n    answers: {yes: q3}\n    unknown: false\n  q3:\n    question: And again?\n    answers: {yes: q2}\n    unknown: false\n' + esc) });
    expect(result.diagnostics.items.map((d) => d.code)).toEqual(['NO_WAY_OUT']);
  });

  test('a long circle is listed by its ends', async () => {
    const n = 40;
    let nodes = '';
    for (let i = 0; i < n; i++) nodes += question(`q${i}`, `yes: ${i + 1 < n ? `q${i + 1}` : 'q0'}, no: e`);
    const { cycles } = await load({ 'a.yaml': tree('a', 'q0', nodes + esc) });
    expect(cycles).toHaveLength(1);
    const shown = cycles[0]!.message.split(': ')[1]!.split(' -> ');
    expect(shown).toHaveLength(MAX_SHOWN);
    expect(shown.slice(0, 2)).toEqual(['a#q0', 'a#q1']);
    expect(shown).toContain(`… ${n + 1 - MAX_SHOWN + 1} more …`);
    expect(shown.slice(-2)).toEqual([`a#q${n - 1}`, 'a#q0']);
  });

  test('50,000 questions that each lead back to the first: one cycle per closing route, each listed in at most MAX_SHOWN nodes', () => {
    // Built in memory: the point is the check's cost, not YAML parsing.
    const n = 50_000;
    const pos = { file: 'big.yaml', line: 1, column: 1 };
    const to = (node: string) => ({ tree: 'big', node, raw: node, pos });
    const nodes: Record<string, TreeNode> = {};
    for (let i = 0; i < n; i++) {
      nodes[`q${i}`] = { kind: 'question', id: `q${i}`, tree: 'big', pos, symptoms: [], question: `Q${i}?`, answers: [{ key: 'yes', label: 'Yes', goto: to(i + 1 < n ? `q${i + 1}` : 'e'), pos }], unknown: to('q0') };
    }
    nodes.e = { kind: 'escalate', id: 'e', tree: 'big', pos, symptoms: [], title: 'Up', to: 'Tier 2', attach: [] };
    const set = { trees: new Map([['big', { id: 'big', title: 'Big', version: 1, summary: '', symptoms: [], inputs: {}, start: 'q0', nodes, tests: [], file: 'big.yaml', hash: '', pos, startPos: pos }]]) };
    const cycles = findRouteCycles(set);
    expect(cycles).toHaveLength(n);
    expect(cycles.every((c) => c.path.length <= MAX_SHOWN)).toBe(true);
    expect(cycles[0]!.length).toBe(n);
  });
});
