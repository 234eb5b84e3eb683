// schema/tree.schema.json and schema/tree-test.schema.json are what editors check trees and
// test files with; they must accept every tree we ship and test with, reject what the loader
// rejects, list the same keys as the loader, and know every probe's parameters and
// classifications. They are generated (src/tree/json-schema.ts): the committed files must be
// what the sources generate.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ESCALATE_KEYS, FIX_KEYS, FORMATS, INPUT_KEYS, PROBE_KEYS, QUESTION_KEYS, STEP_KEYS, TEST_KEYS, TREE_KEYS } from '../../src/tree/keys.js';
import { SHELLS } from '../../src/tree/types.js';
import { TEST_SCHEMA_FILE, TREE_SCHEMA_FILE, modeline, schemaFiles } from '../../src/tree/json-schema.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { UNIVERSAL_CLASSIFICATIONS } from '../../src/probes/types.js';
import { VERSION } from '../../src/version.js';
import { root } from '../helpers/cli.js';

const schema = JSON.parse(readFileSync(path.join(root, 'schema', TREE_SCHEMA_FILE), 'utf8'));
const testSchema = JSON.parse(readFileSync(path.join(root, 'schema', TEST_SCHEMA_FILE), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
const validateTests = ajv.compile(testSchema);
const defs = schema.definitions;

/** Tree (or test) files; sources.yaml is the sources registry, not a tree. */
function yamlFiles(dir: string, tests: boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name), tests) : /\.ya?ml$/.test(e.name) && !/^sources\.ya?ml$/.test(e.name) && /\.test\.ya?ml$/.test(e.name) === tests ? [path.join(dir, e.name)] : [],
  );
}
const treeFiles = (dir: string) => yamlFiles(dir, false);

describe('generated schemas', () => {
  test('the committed files are what src/tree/json-schema.ts generates (npm run build rewrites them)', () => {
    for (const [name, text] of Object.entries(schemaFiles([...probeCatalog.values()], VERSION))) {
      expect(readFileSync(path.join(root, 'schema', name), 'utf8'), `schema/${name} is stale: run npm run build and commit it`).toBe(text);
    }
  });

  test('use lists every probe id, and each probe narrows with and map to its own parameters and classifications', () => {
    expect(defs.probe.properties.use.enum).toEqual([...probeCatalog.keys()]);
    const branches = defs.probe.allOf as { if: { properties: { use: { const: string } } }; then: { properties: { with: { properties: object; required?: string[] }; map: { properties: object } } } }[];
    expect(branches.map((b) => b.if.properties.use.const)).toEqual([...probeCatalog.keys()]);
    for (const b of branches) {
      const d = probeCatalog.get(b.if.properties.use.const)!;
      expect(Object.keys(b.then.properties.with.properties), d.id).toEqual([...Object.keys(d.params), ...Object.keys(d.secrets ?? {})]);
      expect(b.then.properties.with.required ?? [], d.id).toEqual(Object.entries(d.params).filter(([, p]) => p.required && p.default === undefined).map(([n]) => n));
      expect(new Set(Object.keys(b.then.properties.map.properties)), d.id).toEqual(new Set([...d.classifications, ...UNIVERSAL_CLASSIFICATIONS]));
    }
  });

  test.for([
    ['an unknown probe', { use: 'tls.certificat', map: {} }, '/use'],
    ['a parameter the probe does not take', { use: 'tls.certificate', with: { host: 'a', hots: 'b' }, map: {} }, '/with'],
    ['a classification the probe never returns', { use: 'tcp.connect', with: { host: 'a' }, map: { expired: 'x' } }, '/map'],
    ['a port that is not a number', { use: 'tcp.connect', with: { host: 'a', port: 'https' }, map: {} }, '/with/port'],
    ['a missing required parameter', { use: 'dns.lookup', map: {} }, ''],
  ] as const)('rejects a probe with %s', ([, probe, where]) => {
    const doc = { id: 't', title: 'T', version: 1, start: 'q', nodes: { q: { question: 'Q?', answers: { yes: 'e' }, probe }, e: { escalate: 'x', to: 'y' } } };
    expect(validate(doc)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain(`/nodes/q/probe${where}`);
  });

  test('accepts placeholders for typed parameters and the universal classifications in map', () => {
    const probe = { use: 'tcp.connect', with: { host: '{{host}}', port: '{{ port }}' }, map: { refused: 'yes', timeout: 'yes', error: 'yes' } };
    const doc = { id: 't', title: 'T', version: 1, start: 'q', nodes: { q: { question: 'Q?', answers: { yes: 'e' }, probe }, e: { escalate: 'x', to: 'y' } } };
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('test-file JSON Schema', () => {
  test.for(yamlFiles(path.join(root, 'trees'), true).map((f) => path.relative(root, f)))('accepts %s', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    expect(text.split('\n')[0]).toBe(modeline(VERSION, TEST_SCHEMA_FILE));
    const ok = validateTests(parse(text));
    expect(validateTests.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  test.for([
    ['no tree', { tests: [{ name: 'a', expect: 'x' }] }],
    ['a test without expect', { tree: 't', tests: [{ name: 'a' }] }],
    ['an impossible stub', { tree: 't', tests: [{ name: 'a', expect: 'x', probes: { 'tcp.connect': 'expired' } }] }],
  ] as const)('rejects %s', ([, doc]) => {
    expect(validateTests(doc)).toBe(false);
  });
});

describe('tree JSON Schema', () => {
  const files = [...treeFiles(path.join(root, 'trees')), ...treeFiles(path.join(root, 'test', 'fixtures', 'trees'))];

  test.for(files.map((f) => path.relative(root, f)))('accepts %s', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    expect(text.split('\n')[0]).toBe(modeline(VERSION));
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
    // A step is a plain step (text, run, replace) or an either: step (text, either).
    expect([...new Set(defs.step.oneOf.flatMap((d: { properties: object }) => Object.keys(d.properties)))].sort()).toEqual([...STEP_KEYS].sort());
    expect(Object.keys(defs.tests.items.properties).sort()).toEqual([...TEST_KEYS].sort());
    expect(Object.keys(testSchema.properties.tests.items.properties).sort()).toEqual([...TEST_KEYS].sort());
    expect(defs.input.properties.format.enum).toEqual([...FORMATS]);
    expect([...defs.plainStep.properties.run.properties.shell.enum].sort()).toEqual([...SHELLS].sort());
  });
});
