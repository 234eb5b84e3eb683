// `*.test.yaml` files go through the parsed-tree cache too (a warm start parses no YAML): a
// cached load must give the same tests and the same diagnostics as a parse.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { folderTreeCache } from '../../src/tree/tree-cache.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';

const tree = `id: t
title: T
version: 1
start: q
nodes:
  q:
    question: Does it work?
    answers:
      yes: f
      no: e
    unknown: e
  f:
    fix: Fix it
    cause: Broken
    why: Because.
    steps: [Do it]
    verify: It works.
    sources: [s]
    unresolved: e
  e:
    escalate: Hand over
    to: Tier 2
`;
// One good test and one with a problem (no "expect"), so diagnostics are cached as well.
const tests = `tree: t
tests:
  - name: yes ends at the fix
    answers: ["yes"]
    expect: f
  - name: broken
    answers: ["no"]
`;

test('a cached test file gives the same tests and diagnostics, and a changed one is parsed again', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-test-cache-'));
  writeFileSync(path.join(dir, 't.yaml'), tree);
  writeFileSync(path.join(dir, 't.test.yaml'), tests);
  const cacheDir = path.join(dir, 'cache');
  const load = () => loadTreeSet(nodeTreeFs, [[dir]], probeCatalog, { cache: folderTreeCache(cacheDir) });
  const plain = await loadTreeSet(nodeTreeFs, [[dir]], probeCatalog);
  const cold = await load();
  expect(readdirSync(cacheDir)).toHaveLength(2); // the tree and its test file
  const warm = await load();
  for (const got of [cold, warm]) {
    expect(got.diagnostics.sorted()).toEqual(plain.diagnostics.sorted());
    expect(JSON.parse(JSON.stringify(got.set.trees.get('t')!.tests))).toEqual(JSON.parse(JSON.stringify(plain.set.trees.get('t')!.tests)));
  }
  expect(warm.diagnostics.items.map((d) => d.code)).toEqual(['MISSING_KEY']);
  expect(warm.set.trees.get('t')!.tests.map((t) => t.name)).toEqual(['yes ends at the fix']);

  writeFileSync(path.join(dir, 't.test.yaml'), tests.replace('expect: f', 'expect: e'));
  const changed = await load();
  expect(changed.set.trees.get('t')!.tests[0]!.expect).toMatchObject({ node: 'e' });
});
