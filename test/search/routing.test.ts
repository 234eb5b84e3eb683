// The routing benchmark (bench/routing.yaml) on the shipped pack: what a helpdesk pastes or
// types lands on the right tree, question or fix. Every target in the top 3, 90 % first, and
// every fix of the pack reachable by at least one query.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseRoutingCases, scoreRouting, type RoutingCase } from '../../src/search/routing.js';
import { buildSearchIndex, type SearchIndex } from '../../src/search/search.js';
import type { TreeSet } from '../../src/tree/types.js';
import { root } from '../helpers/cli.js';
import { loadPack } from './pack.js';

const cases: RoutingCase[] = parseRoutingCases(readFileSync(path.join(root, 'bench', 'routing.yaml'), 'utf8'));
let set: TreeSet;
let index: SearchIndex;
beforeAll(async () => {
  set = await loadPack();
  index = buildSearchIndex(set.trees.values());
});

describe('routing benchmark', () => {
  test('every expected target exists in the pack (a tree, or a question or fix that is not a start)', () => {
    expect(cases.filter((c) => !index.has(c.expect)).map((c) => `${c.expect} (${c.q})`)).toEqual([]);
  });

  test('every fix of the pack is the target of at least one query', () => {
    const expected = new Set(cases.map((c) => c.expect));
    const fixes = [...set.trees.values()].flatMap((t) => Object.values(t.nodes).filter((n) => n.kind === 'fix').map((n) => `${t.id}#${n.id}`));
    expect(fixes.filter((f) => !expected.has(f)), 'add a query for each of these fixes to bench/routing.yaml').toEqual([]);
  });

  test('every query finds its target in the top 3, and 90 % of them first', () => {
    const r = scoreRouting(index, cases);
    const misses = r.misses.map((m) => `#${m.rank || '-'} ${m.expect} <- "${m.q}" (first: ${m.first ?? 'nothing'})`);
    expect(misses.filter((m) => !/^#[23] /.test(m)), 'not in the top 3').toEqual([]);
    expect(r.hits1 / r.cases, `hits@1 ${r.hits1}/${r.cases}; not first:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.9);
  });

  test('the benchmark holds device messages, IIS tokens, codes, helpdesk words and typos', () => {
    const kinds = new Set(cases.map((c) => c.kind));
    for (const k of ['device', 'iis', 'code', 'helpdesk', 'typo']) expect(kinds).toContain(k);
  });
});
