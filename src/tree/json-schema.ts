// The JSON Schemas editors check trees and test files with (schema/tree.schema.json,
// schema/tree-test.schema.json). They are generated from the loader's key lists and the probe
// descriptors, so a new key or probe reaches editors without a hand edit: `npm run build`
// writes them, and test/tree/schema.test.ts fails while the committed files differ.
//
// The per-probe part is what authors most need: `use` lists the probe ids, and for each
// probe an if/then narrows `with` to its parameters and `map` to its classifications, so a
// language server completes and checks them.
import { UNIVERSAL_CLASSIFICATIONS, type ParamSpec, type ProbeDescriptor, type Verdict } from '../probes/types.js';
import type { ESCALATE_KEYS, FIX_KEYS, INPUT_KEYS, PROBE_KEYS, QUESTION_KEYS, RUN_KEYS, STEP_KEYS, TEST_KEYS, TREE_KEYS } from './keys.js';
import { FORMATS, ID, INPUT_NAME, TARGET } from './keys.js';
import { SHELLS } from './types.js';

type Schema = Record<string, unknown>;

/** Where the published package serves its schemas; the modeline of every tree points here. */
export function schemaBaseUrl(version: string): string {
  // A caret range as a URL: 1.4.2 -> @1, 0.3.1 -> @0.3 (0.x minors may break), so a tree keeps
  // a schema that knows every probe of the versions it works with.
  const [major = '0', minor = '0'] = version.split('.');
  return `https://unpkg.com/eas-doctor@${major === '0' ? `0.${minor}` : major}/schema/`;
}

export const TREE_SCHEMA_FILE = 'tree.schema.json';
export const TEST_SCHEMA_FILE = 'tree-test.schema.json';

/** The first line of a tree (or, with `test`, a test file) written by `new`. */
export function modeline(version: string, file: typeof TREE_SCHEMA_FILE | typeof TEST_SCHEMA_FILE = TREE_SCHEMA_FILE): string {
  return `# yaml-language-server: $schema=${schemaBaseUrl(version)}${file}`;
}

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const text = (description?: string) => ({ type: 'string', minLength: 1, ...(description ? { description } : {}) });
const list = (items: Schema, description?: string) => ({ type: 'array', items, ...(description ? { description } : {}) });
/** A placeholder such as "{{host}}" may stand for any parameter value. */
const PLACEHOLDER = { type: 'string', pattern: '\\{\\{\\s*[a-z][a-z0-9_-]*\\s*\\}\\}', description: 'A {{placeholder}} filled from the tree\'s inputs.' };

function paramSchema(spec: ParamSpec): Schema {
  const base: Schema = spec.values
    ? { enum: [...spec.values] }
    : spec.type === 'port'
      ? { type: 'integer', minimum: 1, maximum: 65535 }
      : spec.type === 'number'
        ? { type: 'number' }
        : spec.type === 'boolean'
          ? { type: 'boolean' }
          : spec.type === 'duration'
            ? { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^\\d+(\\.\\d+)?\\s*(ms|s|m)?$' }] }
            : { type: 'string', minLength: 1 };
  const doc = spec.doc + (spec.required ? ' (required)' : '') + (spec.default !== undefined ? ` (default: ${spec.default})` : '');
  const value = base.type === 'string' && !spec.values ? base : { anyOf: [base, PLACEHOLDER] };
  return { ...value, description: `${doc} [${spec.type}]`, ...(spec.default !== undefined ? { default: spec.default } : {}) };
}

const VERDICT_WORDS: Record<Verdict, string> = { pass: 'passes', warn: 'warns', fail: 'fails' };

/** `with` and `map` of one probe. */
function probeParts(d: ProbeDescriptor): { with: Schema; map: Schema } {
  const required = Object.entries(d.params).filter(([, s]) => s.required && s.default === undefined).map(([n]) => n);
  const classifications = [...d.classifications, ...UNIVERSAL_CLASSIFICATIONS.filter((c) => !d.classifications.includes(c))];
  const clsDoc = (c: string) =>
    (UNIVERSAL_CLASSIFICATIONS as readonly string[]).includes(c) && !d.verdicts[c]
      ? c === 'timeout'
        ? 'the probe ran past its deadline'
        : 'the probe could not run'
      : `${d.id} ${VERDICT_WORDS[d.verdicts[c] ?? 'fail']} with ${c}`;
  return {
    with: {
      type: 'object',
      description: `Parameters of ${d.id} (eas-doctor probe ${d.id} --help).`,
      additionalProperties: false,
      ...(required.length ? { required } : {}),
      properties: {
        ...Object.fromEntries(Object.entries(d.params).map(([n, s]) => [n, paramSchema(s)])),
        // A secret reaches the probe only from a secret input, never as text in the tree.
        ...Object.fromEntries(Object.entries(d.secrets ?? {}).map(([n, doc]) => [n, { ...PLACEHOLDER, description: `${doc} [secret: a {{placeholder}} of a format: secret input]` }])),
      },
    },
    map: {
      type: 'object',
      description: `Classification of ${d.id} -> answer key. Leave one out to let the user choose.`,
      additionalProperties: false,
      properties: Object.fromEntries(classifications.map((c) => [c, { ...ref('id'), description: clsDoc(c) }])),
    },
  };
}

function probeBranch(d: ProbeDescriptor): Schema {
  const parts = probeParts(d);
  return { ...('required' in parts.with ? { required: ['with'] } : {}), properties: parts };
}

// One definition per key of the loader's lists: a key added to keys.ts fails the typecheck
// here until it has its schema.
type Props<K extends readonly string[]> = Record<K[number], Schema>;

const treeProps: Props<typeof TREE_KEYS> = {
  id: { ...ref('id'), description: 'The tree id; the file must be named ID.yaml.' },
  title: text('Shown in lists and breadcrumbs.'),
  version: { type: 'integer', minimum: 1, description: 'Bump it when the walk changes; journals record it.' },
  summary: { type: 'string', description: 'One or two sentences: what the tree diagnoses.' },
  symptoms: { ...ref('symptoms'), description: 'Words a helpdesk engineer would type to find this tree.' },
  inputs: {
    type: 'object',
    description: 'Values asked once per session and filled into {{placeholders}}.',
    propertyNames: ref('inputName'),
    additionalProperties: ref('input'),
  },
  start: { ...ref('id'), description: 'The first node.' },
  nodes: { type: 'object', minProperties: 1, propertyNames: { ...ref('id'), not: { const: 'start' } }, additionalProperties: ref('node') },
  tests: ref('tests'),
};

const inputProps: Props<typeof INPUT_KEYS> = {
  ask: text('The prompt.'),
  example: { type: 'string' },
  help: { type: 'string' },
  format: { enum: [...FORMATS], default: 'text' },
  optional: { type: 'boolean', default: false },
};

const nodeSymptoms = { ...ref('symptoms'), description: 'What this exact node handles: search can start the walk here.' };

const questionProps: Props<typeof QUESTION_KEYS> = {
  question: text('One observable fact, asked plainly.'),
  help: { type: 'string', description: 'How to find the fact out.' },
  probe: ref('probe'),
  unknown: {
    description: 'Where "I don\'t know" leads (the next most likely cause, or the question whose check would know); false offers no "I don\'t know". With a probe, "I don\'t know" runs the check first and follows this when the check cannot tell.',
    oneOf: [ref('target'), { const: false }],
  },
  symptoms: nodeSymptoms,
  answers: {
    type: 'object',
    minProperties: 1,
    // "unknown" is the answer key of "I don't know".
    propertyNames: { allOf: [ref('id'), { not: { const: 'unknown' } }] },
    additionalProperties: {
      oneOf: [
        ref('target'),
        { type: 'object', additionalProperties: false, required: ['goto'], properties: { label: text(), goto: ref('target') } },
      ],
    },
  },
};

const runProps: Props<typeof RUN_KEYS> = { shell: { enum: [...SHELLS] }, code: text() };
const stepProps: Props<typeof STEP_KEYS> = {
  text: text(),
  run: { type: 'object', additionalProperties: false, required: ['shell', 'code'], properties: runProps },
  replace: {
    type: 'object',
    description: 'Text of the command the engineer replaces by hand (SITE, THUMBPRINT), each with what to put there. Each must occur in run.code.',
    additionalProperties: text(),
    minProperties: 1,
  },
  either: {
    type: 'array',
    minItems: 2,
    description: 'Alternatives: the engineer does exactly one. Each is a step or a list of steps; "text" (optional) introduces them.',
    items: { oneOf: [text(), ref('plainStep'), { type: 'array', minItems: 1, items: { oneOf: [text(), ref('plainStep')] } }] },
  },
};
/** A step with text, a command, and what to replace in it. */
const plainStep = { type: 'object', additionalProperties: false, required: ['text'], properties: { text: stepProps.text, run: stepProps.run, replace: stepProps.replace } };
/** `either:` alternatives, with an optional text that introduces them. */
const eitherStep = { type: 'object', additionalProperties: false, required: ['either'], properties: { text: stepProps.text, either: stepProps.either } };

const fixProps: Props<typeof FIX_KEYS> = {
  fix: text("The fix's title: what to do."),
  cause: text('What is wrong, in one line.'),
  why: text(),
  steps: { type: 'array', minItems: 1, items: { oneOf: [text(), ref('step')] } },
  verify: text(),
  sources: list(text()),
  unresolved: { ...ref('target'), description: 'Where "this did not help" leads.' },
  symptoms: nodeSymptoms,
};

const escalateProps: Props<typeof ESCALATE_KEYS> = {
  escalate: text(),
  to: text(),
  why: { type: 'string' },
  attach: list(text()),
  symptoms: nodeSymptoms,
};

function testItem(catalog: readonly ProbeDescriptor[]): Schema {
  const props: Props<typeof TEST_KEYS> = {
    name: text(),
    inputs: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
    answers: list({ type: 'string' }, 'Answer keys in the order the questions come; did-not-help at a fix goes on to its unresolved target.'),
    probes: {
      type: 'object',
      description: 'A stubbed classification per probe id (or per question node id).',
      properties: Object.fromEntries(
        catalog.map((d) => [d.id, { enum: [...d.classifications, ...UNIVERSAL_CLASSIFICATIONS.filter((c) => !d.classifications.includes(c))], description: d.title }]),
      ),
      additionalProperties: { type: 'string' },
    },
    expect: { ...ref('target'), description: 'The node where the walk must end.' },
  };
  return { type: 'object', additionalProperties: false, required: ['name', 'expect'], properties: props };
}

/** The schema of a tree file. */
export function treeSchema(catalog: readonly ProbeDescriptor[], version: string): Schema {
  const probeProps: Props<typeof PROBE_KEYS> = {
    use: { enum: catalog.map((d) => d.id), description: 'A probe id; "eas-doctor probe ID --help" lists its parameters and classifications.' },
    with: { type: 'object', description: "The probe's parameters." },
    map: { type: 'object', description: 'classification: answer key' },
    timeout: { oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[0-9]+(ms|s)$' }], description: "Milliseconds, or 500ms / 8s; the probe's own default otherwise." },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: schemaBaseUrl(version) + TREE_SCHEMA_FILE,
    title: 'eas-doctor decision tree',
    description: 'A troubleshooting tree for Exchange ActiveSync. See README.md, section "Writing trees". Generated by src/tree/json-schema.ts.',
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'version', 'start', 'nodes'],
    properties: treeProps,
    definitions: {
      id: { type: 'string', pattern: ID.source, description: 'kebab-case: lower-case letters, digits and dashes.' },
      symptoms: {
        type: 'array',
        items: { oneOf: [{ type: 'string', minLength: 1, pattern: '\\S' }, { type: 'number' }] },
        uniqueItems: true,
        description: 'What users paste or report (device messages, IIS tokens, status codes, cmdlet output); search finds the tree or node by them.',
      },
      inputName: { type: 'string', pattern: INPUT_NAME.source },
      target: { type: 'string', pattern: TARGET.source, description: 'node, tree#node, or tree#start.' },
      input: { type: 'object', additionalProperties: false, required: ['ask'], properties: inputProps },
      node: { oneOf: [ref('question'), ref('fix'), ref('escalate')] },
      step: { oneOf: [plainStep, eitherStep] },
      plainStep,
      question: { type: 'object', additionalProperties: false, required: ['question', 'answers'], properties: questionProps },
      probe: {
        type: 'object',
        additionalProperties: false,
        required: ['use', 'map'],
        properties: probeProps,
        allOf: catalog.map((d) => ({ if: { properties: { use: { const: d.id } }, required: ['use'] }, then: probeBranch(d) })),
      },
      fix: { type: 'object', additionalProperties: false, required: ['fix', 'why', 'steps', 'verify'], properties: fixProps },
      escalate: { type: 'object', additionalProperties: false, required: ['escalate', 'to'], properties: escalateProps },
      tests: list(testItem(catalog)),
    },
  };
}

/** The schema of a `NAME.test.yaml` file. */
export function testFileSchema(catalog: readonly ProbeDescriptor[], version: string): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: schemaBaseUrl(version) + TEST_SCHEMA_FILE,
    title: 'eas-doctor tree tests',
    description: 'Walks that must end where they say, for the tree named by `tree`. See README.md, section "Tests". Generated by src/tree/json-schema.ts.',
    type: 'object',
    additionalProperties: false,
    required: ['tree', 'tests'],
    properties: {
      tree: { ...ref('id'), description: 'The id of the tree these tests walk.' },
      tests: list(testItem(catalog)),
    },
    definitions: {
      id: { type: 'string', pattern: ID.source },
      target: { type: 'string', pattern: TARGET.source, description: 'node, tree#node, or tree#start.' },
    },
  };
}

/** The generated files by name, as written to schema/ (2-space JSON, final newline). */
export function schemaFiles(catalog: readonly ProbeDescriptor[], version: string): Record<string, string> {
  const json = (s: Schema) => JSON.stringify(s, null, 2) + '\n';
  return { [TREE_SCHEMA_FILE]: json(treeSchema(catalog, version)), [TEST_SCHEMA_FILE]: json(testFileSchema(catalog, version)) };
}
