// Names every JavaScript object has ("constructor") must not resolve through the prototype
// chain: not as placeholders, node ids, inputs or answers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { fill } from '../../src/compile/machine.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';

const tree = (nodes: string, inputs = '') => `id: t\ntitle: T\nversion: 1\n${inputs}start: q\nnodes:\n${nodes}`;
const q = (text: string, next = 'e') => `  q:\n    question: ${text}\n    answers:\n      yes: ${next}\n      no: e\n    unknown: e\n  e:\n    escalate: Hand over\n    to: Tier 2\n`;

async function diagnostics(text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-proto-'));
  writeFileSync(path.join(dir, 't.yaml'), text);
  const r = await loadTreeSet(nodeTreeFs, [[dir]], probeCatalog);
  return r.diagnostics.items.map((d) => `${d.code} ${d.message}`);
}

describe('prototype names', () => {
  test('fill resolves own properties only', () => {
    expect(fill('a {{constructor}} b {{host}} {{toString}}', { host: 'mail' })).toBe('a {{constructor}} b mail {{toString}}');
  });

  test.for([
    ['a {{constructor}} placeholder', tree(q('Is {{constructor}} up?')), /UNKNOWN_INPUT placeholder \{\{constructor\}\} names no input/],
    ['a next: constructor', tree(q('Up?', 'constructor')), /constructor/],
    ['a node called constructor', tree(q('Up?') + '  constructor:\n    escalate: x\n    to: y\n'), /RESERVED_ID a node may not be called "constructor"/],
    ['an input called constructor', tree(q('Up {{constructor}}?'), 'inputs:\n  constructor: {ask: X}\n'), /RESERVED_ID an input may not be called "constructor"/],
  ] as const)('%s is an error', async ([, text, want]) => {
    const found = await diagnostics(text);
    expect(found.join('\n')).toMatch(want);
  });
});
