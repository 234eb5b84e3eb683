// Loads fixture trees from disk with the real loader, validator and probe catalog.
import path from 'node:path';
import { compileTrees, type CompiledTrees } from '../../src/compile/compile.js';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { loadTreeSet, type LoadResult } from '../../src/tree/tree-set.js';

export const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures');

/** Loads the given fixture paths (relative to test/fixtures) as one layer. */
export async function loadFixtures(...rel: string[]): Promise<LoadResult> {
  return loadTreeSet(nodeTreeFs, [rel.map((r) => path.join(fixtures, r))], probeCatalog);
}

/** Loads and compiles; fails the test with the diagnostics if the set has errors. */
export async function compileFixtures(...rel: string[]): Promise<CompiledTrees> {
  const r = await loadFixtures(...rel);
  const errors = r.diagnostics.items.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  return compileTrees(r.set);
}
