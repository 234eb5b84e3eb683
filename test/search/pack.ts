// The shipped pack, loaded with the real loader (trees/ at the repository root).
import path from 'node:path';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import type { TreeSet } from '../../src/tree/types.js';
import { root } from '../helpers/cli.js';

export async function loadPack(): Promise<TreeSet> {
  const r = await loadTreeSet(nodeTreeFs, [[path.join(root, 'trees')]], probeCatalog);
  const errors = r.diagnostics.items.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n'));
  return r.set;
}
