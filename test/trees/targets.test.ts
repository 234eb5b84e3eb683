// Where `check` and `log` send the user must exist in the bundled trees: a renamed node
// would otherwise strand the helpdesk at the end of a sweep.
import path from 'node:path';
import { expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { CONTINUE_AT } from '../../src/evidence/continue-at.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { CHECK_TARGETS, STEP_TARGETS } from '../../src/probes/check-targets.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import { resolveTarget } from '../../src/tree/types.js';
import { root } from '../helpers/cli.js';

const loaded = await loadTreeSet(nodeTreeFs, [[path.join(root, 'trees')]], probeCatalog);
const targets = [
  ...Object.entries(CHECK_TARGETS).map(([k, t]) => [`check ${k}`, t] as const),
  ...Object.entries(STEP_TARGETS).map(([k, t]) => [`check step ${k}`, t] as const),
  ...Object.entries(CONTINUE_AT).flatMap(([k, t]) => (t ? [[`log ${k}`, t] as const] : [])),
];

test.for(targets)('%s -> %s exists in the bundled trees', ([, target]) => {
  const [tree, node] = target.split('#') as [string, string];
  expect(resolveTarget(loaded.set, { tree, node }), target).toBeDefined();
});
