// The seed: bundled trees parsed at build time (dist/tree-seed.json), found by the same key as
// the user's cache, in whatever folder the package was installed to.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { cacheKey, folderTreeCache, LOADER_BUILD, seededTreeCache, type TreeCache } from '../../src/tree/tree-cache.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';

test('the seed stands in for parsing, with positions in the folder the trees are in now', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'eas-seed-'));
  const built = path.join(root, 'built');
  const installed = path.join(root, 'elsewhere', 'trees');
  mkdirSync(built);
  // A tree with an unknown key, so cached diagnostics carry a file path too.
  writeFileSync(path.join(built, 't.yaml'), 'id: t\ntitle: T\nversion: 1\nextra: 1\nstart: q\nnodes:\n  q:\n    question: Q?\n    answers:\n      yes: e\n      no: e\n  e:\n    escalate: E\n    to: Tier 2\n');
  writeFileSync(path.join(built, 't.test.yaml'), 'tree: t\ntests:\n  - answers: ["yes"]\n    expect: e\n');
  cpSync(built, installed, { recursive: true });

  // What the build does: load once into an empty cache folder, keep each file's entry.
  const cacheDir = path.join(root, 'cache');
  await loadTreeSet(nodeTreeFs, [[built]], probeCatalog, { cache: folderTreeCache(cacheDir) });
  const files = Object.fromEntries(
    readdirSync(built).map((name) => {
      const bytes = readFileSync(path.join(built, name));
      return [name, { sha256: createHash('sha256').update(bytes).digest('hex'), entry: readFileSync(path.join(cacheDir, `${cacheKey(path.join(built, name), bytes)}.json`), 'utf8') }];
    }),
  );
  const seedFile = path.join(root, 'tree-seed.json');
  writeFileSync(seedFile, JSON.stringify({ build: LOADER_BUILD, dir: built, files }));

  const plain = await loadTreeSet(nodeTreeFs, [[installed]], probeCatalog);
  expect(plain.diagnostics.items.length).toBeGreaterThan(0);
  const misses: string[] = [];
  const counting: TreeCache = { get: () => undefined, set: (key) => void misses.push(key) };
  const seeded = await loadTreeSet(nodeTreeFs, [[installed]], probeCatalog, { cache: seededTreeCache(counting, seedFile, installed) });
  expect(misses).toEqual([]); // nothing was parsed
  expect(seeded.diagnostics.sorted()).toEqual(plain.diagnostics.sorted());
  expect(seeded.diagnostics.items.every((d) => d.file.startsWith(installed))).toBe(true);
  expect(JSON.parse(JSON.stringify([...seeded.set.trees.values()]))).toEqual(JSON.parse(JSON.stringify([...plain.set.trees.values()])));

  // A changed file is parsed; a seed from another build is not used at all.
  writeFileSync(path.join(installed, 't.yaml'), readFileSync(path.join(installed, 't.yaml'), 'utf8').replace('Q?', 'Changed?'));
  const changed = await loadTreeSet(nodeTreeFs, [[installed]], probeCatalog, { cache: seededTreeCache(counting, seedFile, installed) });
  expect(misses).toHaveLength(1);
  expect(changed.set.trees.get('t')!.nodes['q']).toMatchObject({ question: 'Changed?' });
  writeFileSync(seedFile, JSON.stringify({ build: 'another-build', dir: built, files }));
  await loadTreeSet(nodeTreeFs, [[installed]], probeCatalog, { cache: seededTreeCache(counting, seedFile, installed) });
  expect(misses).toHaveLength(3);
});
