// schema/tree.schema.json is what editors check trees with; it must accept every tree we
// ship and test with, reject what the loader rejects, and list the same keys as the loader.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ESCALATE_KEYS, FIX_KEYS, FORMATS, INPUT_KEYS, PROBE_KEYS, QUESTION_KEYS, STEP_KEYS, TEST_KEYS, TREE_KEYS } from '../../src/tree/keys.js';
import { SHELLS } from '../../src/tree/types.js';
import { root } from '../helpers/cli.js';

const schema = JSON.parse(readFileSync(path.join(root, 'schema', 'tree.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const defs = schema.definitions;

function treeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? treeFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) && !/\.test\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('tree JSON Schema', () => {
  const files = [...treeFiles(path.join(root, 'trees')), ...treeFiles(path.join(root, 'test', 'fixtures', 'trees'))];

  test.for(files.map((f) => path.relative(root, f)))('accepts %s', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schema\/tree\.schema\.json$/);
    const ok = validate(parse(text));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  test.for([
    ['an unknown key', { id: 't', title: 'T', version: 1, start: 'q', nodes: { q: { escalate: 'x', to: 'y' } }, titel: 'x' }],
    ['a node called start', { id: 't', title: 'T', version: 1, start: 'start', nodes: { start: { escalate: 'x', to: 'y' } } }],
    ['a node of two kinds', { id: 't', title: 'T', version: 1, start: 'q', nodes: { q: { escalate: 'x', to: 'y', question: 'z', answers: { yes: 'q' } } } }],
    ['an unknown shell', { id: 't', title: 'T', version: 1, start: 'f', nodes: { f: { fix: 'x', why: 'y', verify: 'v', steps: [{ text: 'a', run: { shell: 'zsh', code: 'ls' } }] } } }],
    ['a version that is text', { id: 't', title: 'T', version: 'one', start: 'q', nodes: { q: { escalate: 'x', to: 'y' } } }],
  ] as const)('rejects %s', ([, doc]) => {
    expect(validate(doc)).toBe(false);
  });

  test('lists the same keys, formats and shells as the loader', () => {
    const keys = (d: { properties: object }) => Object.keys(d.properties).sort();
    expect(keys(schema)).toEqual([...TREE_KEYS].sort());
    expect(keys(defs.input)).toEqual([...INPUT_KEYS].sort());
    expect(keys(defs.question)).toEqual([...QUESTION_KEYS].sort());
    expect(keys(defs.fix)).toEqual([...FIX_KEYS].sort());
    expect(keys(defs.escalate)).toEqual([...ESCALATE_KEYS].sort());
    expect(keys(defs.probe)).toEqual([...PROBE_KEYS].sort());
    expect(Object.keys(defs.fix.properties.steps.items.oneOf[1].properties).sort()).toEqual([...STEP_KEYS].sort());
    expect(Object.keys(defs.tests.items.properties).sort()).toEqual([...TEST_KEYS].sort());
    expect(defs.input.properties.format.enum).toEqual([...FORMATS]);
    expect([...defs.fix.properties.steps.items.oneOf[1].properties.run.properties.shell.enum].sort()).toEqual([...SHELLS].sort());
  });
});
