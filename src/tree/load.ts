// One tree file -> the Tree model, with every problem found collected as a diagnostic.
// Checks that need other trees or the probe catalog live in validate.ts.
import { createHash } from 'node:crypto';
import { isScalar, visit, type Node, type Scalar } from 'yaml';
import type { DiagnosticBag } from './diagnostics.js';
import { suggest } from '../util/suggest.js';
import { decodeTreeBytes, parseYaml } from './parse.js';
import { readTests } from './load-tests.js';
import { readSteps } from './load-steps.js';
import { ESCALATE_KEYS, FIX_KEYS, FORMATS, ID, INPUT_KEYS, INPUT_NAME, isReservedName, PROBE_KEYS, QUESTION_KEYS, TARGET, TREE_KEYS } from './keys.js';
import type { YamlReader, Entry } from './yaml-reader.js';
import {
  UNKNOWN_KEY,
  parseTarget,
  type Answer,
  type EscalateNode,
  type FixNode,
  type InputDef,
  type InputFormat,
  type ProbeUse,
  type QuestionNode,
  type Tree,
  type TreeNode,
  type TreeTest,
} from './types.js';


/** Loads one tree file. Returns undefined when the file is too broken to model. */
export function loadTree(file: string, bytes: Uint8Array, diag: DiagnosticBag, expectedId?: string): Tree | undefined {
  const text = decodeTreeBytes(file, bytes, diag);
  if (text === undefined) return undefined;
  const r = parseYaml(file, text, diag);
  if (!r) return undefined;
  const top = r.entries(r.doc.contents as Node, 'a tree file');
  if (!top) return undefined;
  r.checkKeys(top, TREE_KEYS, 'the tree');
  const get = (k: string) => top.find((e) => e.key === k);
  const need = (k: string, hint: string) => {
    const e = get(k);
    if (!e) r.report('MISSING_KEY', r.doc.contents as Node, `the tree has no "${k}"`, hint);
    return e;
  };

  const idEntry = need('id', `add "id: ${expectedId ?? 'my-tree'}" (the file name without .yaml)`);
  const id = idEntry ? r.str(idEntry.value, 'id') : undefined;
  if (id !== undefined && !ID.test(id)) r.report('BAD_ID', idEntry!.value, `tree id "${id}" is not kebab-case`, 'use lower-case letters, digits and dashes');
  if (id !== undefined && expectedId !== undefined && id !== expectedId) {
    r.report('ID_FILE_MISMATCH', idEntry!.value, `the tree id "${id}" differs from the file name "${expectedId}.yaml"`, `rename the file to ${id}.yaml or set id: ${expectedId}`);
  }
  const treeId = id ?? expectedId ?? 'unknown';
  const titleEntry = need('title', 'add "title: ..." (shown in lists and breadcrumbs)');
  const versionEntry = need('version', 'add "version: 1"');
  const summaryEntry = get('summary');
  const symptomsEntry = get('symptoms');
  const startEntry = need('start', 'add "start: NODE-ID" naming the first question');
  const nodesEntry = need('nodes', 'add "nodes:" with at least one question and one fix');

  const inputs: Record<string, InputDef> = {};
  const inputsEntry = get('inputs');
  if (inputsEntry) {
    for (const e of r.entries(inputsEntry.value, 'inputs') ?? []) {
      const def = readInput(r, e);
      if (def) inputs[def.name] = def;
    }
  }

  const nodes: Record<string, TreeNode> = {};
  for (const e of (nodesEntry && r.entries(nodesEntry.value, 'nodes')) ?? []) {
    if (!ID.test(e.key)) {
      r.report('BAD_ID', e.keyNode, `node id "${e.key}" is not kebab-case`, 'use lower-case letters, digits and dashes');
      continue;
    }
    if (isReservedName(e.key)) {
      r.report('RESERVED_ID', e.keyNode, `a node may not be called "${e.key}": every JavaScript object has that name`, 'rename the node');
      continue;
    }
    if (e.key === 'start') {
      r.report('RESERVED_ID', e.keyNode, 'a node may not be called "start": targets use tree#start for a tree\'s first node', 'rename the node, e.g. "begin"');
      continue;
    }
    const node = readNode(r, e, treeId);
    if (node) nodes[e.key] = node;
  }

  const tests: TreeTest[] = [];
  const testsEntry = get('tests');
  if (testsEntry) tests.push(...readTests(r, testsEntry.value, treeId));

  checkPlaceholders(r, text, nodesEntry?.value ?? null, inputs);

  const start = startEntry ? r.str(startEntry.value, 'start') : undefined;
  const title = titleEntry ? r.str(titleEntry.value, 'title') : undefined;
  const version = versionEntry ? r.int(versionEntry.value, 'version') : undefined;
  return {
    id: treeId,
    title: title ?? treeId,
    version: version ?? 1,
    summary: summaryEntry ? (r.str(summaryEntry.value, 'summary') ?? '') : '',
    symptoms: symptomsEntry ? readSymptoms(r, symptomsEntry.value) : [],
    inputs,
    start: start ?? '',
    nodes,
    tests,
    file,
    hash: createHash('sha256').update(bytes).digest('hex'),
    pos: r.pos(r.doc.contents as Node),
    startPos: r.pos(startEntry?.value ?? null, r.doc.contents as Node),
  };
}

function readInput(r: YamlReader, e: Entry): InputDef | undefined {
  if (!INPUT_NAME.test(e.key)) {
    r.report('BAD_ID', e.keyNode, `input name "${e.key}" must start with a letter and hold only a-z, 0-9, _ and -`);
    return undefined;
  }
  if (isReservedName(e.key)) {
    r.report('RESERVED_ID', e.keyNode, `an input may not be called "${e.key}": every JavaScript object has that name`, 'rename the input');
    return undefined;
  }
  const fields = r.entries(e.value, `input "${e.key}"`);
  if (!fields) return undefined;
  r.checkKeys(fields, INPUT_KEYS, `input "${e.key}"`);
  const f = (k: string) => fields.find((x) => x.key === k);
  const askEntry = f('ask');
  if (!askEntry) r.report('MISSING_KEY', e.value, `input "${e.key}" has no "ask"`, 'add "ask: ..." with the prompt the user sees', 'error', e.keyNode);
  let format: InputFormat = 'text';
  const formatEntry = f('format');
  if (formatEntry) {
    const v = r.str(formatEntry.value, 'format');
    if (v !== undefined && (FORMATS as readonly string[]).includes(v)) format = v as InputFormat;
    else if (v !== undefined) r.report('BAD_VALUE', formatEntry.value, `format "${v}" is not known`, `must be one of: ${FORMATS.join(', ')}`);
  }
  const optionalEntry = f('optional');
  return {
    name: e.key,
    ask: (askEntry && r.str(askEntry.value, 'ask')) ?? e.key,
    example: f('example') ? r.str(f('example')!.value, 'example') : undefined,
    help: f('help') ? r.str(f('help')!.value, 'help') : undefined,
    format,
    secret: format === 'secret',
    optional: optionalEntry ? (r.bool(optionalEntry.value, 'optional') ?? false) : false,
    pos: r.pos(e.keyNode),
  };
}

function readNode(r: YamlReader, e: Entry, tree: string): TreeNode | undefined {
  const fields = r.entries(e.value, `node "${e.key}"`);
  if (!fields) return undefined;
  const kinds = fields.filter((x) => x.key === 'question' || x.key === 'fix' || x.key === 'escalate');
  if (kinds.length !== 1) {
    r.report(
      'NODE_KIND',
      kinds[1]?.keyNode ?? e.keyNode,
      kinds.length === 0 ? `node "${e.key}" is neither a question, a fix nor an escalation` : `node "${e.key}" has both "${kinds[0]!.key}" and "${kinds[1]!.key}"`,
      kinds.length === 0 ? 'start it with "question:", "fix:" or "escalate:"' : 'split it into two nodes',
    );
    return undefined;
  }
  const kind = kinds[0]!.key;
  const f = (k: string) => fields.find((x) => x.key === k);
  const pos = r.pos(e.keyNode);
  const symptoms = f('symptoms') ? readSymptoms(r, f('symptoms')!.value) : [];
  const required = (k: string, what: string) => {
    const x = f(k);
    if (!x) r.report('MISSING_KEY', e.keyNode, `${kind} "${e.key}" has no "${k}"`, `add "${k}: ..." (${what})`);
    return x;
  };
  const target = (entry: Entry | undefined, what: string) => {
    if (!entry) return undefined;
    const raw = r.str(entry.value, what);
    if (raw === undefined) return undefined;
    if (!TARGET.test(raw)) {
      r.report('BAD_VALUE', entry.value, `"${raw}" is not a target`, 'write a node id, tree#node, or tree#start');
      return undefined;
    }
    return parseTarget(raw, tree, r.pos(entry.value));
  };

  if (kind === 'question') {
    r.checkKeys(fields, QUESTION_KEYS, `question "${e.key}"`);
    const answers: Answer[] = [];
    const answersEntry = required('answers', 'each answer key leading to a node');
    for (const a of (answersEntry && r.entries(answersEntry.value, `the answers of "${e.key}"`)) ?? []) {
      const answer = readAnswer(r, a, tree);
      if (answer) answers.push(answer);
    }
    const node: QuestionNode = {
      kind: 'question',
      id: e.key,
      tree,
      pos,
      symptoms,
      question: r.str(f('question')!.value, 'question') ?? '',
      help: f('help') ? r.str(f('help')!.value, 'help') : undefined,
      answers,
      probe: f('probe') ? readProbe(r, f('probe')!) : undefined,
    };
    const unknown = f('unknown');
    if (unknown) {
      const value = r.deref(unknown.value);
      if (value && isScalar(value) && typeof value.value === 'boolean') {
        if (value.value) r.report('BAD_VALUE', unknown.value, '"unknown: true" does not say where "I don\'t know" leads', 'write "unknown: NODE-ID" (or tree#node), or "unknown: false" to offer no "I don\'t know"');
        else node.unknown = false;
      } else node.unknown = target(unknown, 'unknown');
    }
    return node;
  }
  if (kind === 'fix') {
    r.checkKeys(fields, FIX_KEYS, `fix "${e.key}"`);
    const stepsEntry = required('steps', 'the numbered steps, with commands');
    const why = required('why', 'what is wrong and why, in one to three sentences');
    const verify = required('verify', 'how to see that the fix worked');
    const sourceItems = f('sources') ? (r.items(f('sources')!.value, 'sources') ?? []) : [];
    const cited = sourceItems.flatMap((item) => {
      const text = r.str(item, 'an entry of sources');
      return text === undefined ? [] : [{ text, pos: r.pos(item) }];
    });
    const node: FixNode = {
      kind: 'fix',
      id: e.key,
      tree,
      pos,
      symptoms,
      title: r.str(f('fix')!.value, 'fix') ?? e.key,
      cause: f('cause') ? r.str(f('cause')!.value, 'cause') : undefined,
      why: (why && r.str(why.value, 'why')) ?? '',
      steps: stepsEntry ? readSteps(r, stepsEntry) : [],
      verify: (verify && r.str(verify.value, 'verify')) ?? '',
      sources: cited.map((c) => c.text),
      sourcePos: cited.map((c) => c.pos),
      unresolved: target(f('unresolved'), 'unresolved'),
    };
    return node;
  }
  r.checkKeys(fields, ESCALATE_KEYS, `escalation "${e.key}"`);
  const to = required('to', 'who takes it over');
  const node: EscalateNode = {
    kind: 'escalate',
    id: e.key,
    tree,
    pos,
    symptoms,
    title: r.str(f('escalate')!.value, 'escalate') ?? e.key,
    to: (to && r.str(to.value, 'to')) ?? '',
    why: f('why') ? r.str(f('why')!.value, 'why') : undefined,
    attach: f('attach') ? r.strList(f('attach')!.value, 'attach') : [],
  };
  return node;
}

/**
 * A `symptoms:` list. Entries are kept as written: an unquoted `0x85010014` or `401.10` is a
 * number to YAML, but what the user pastes is the text, so the source text is taken.
 */
function readSymptoms(r: YamlReader, node: Node | null): string[] {
  const out: string[] = [];
  for (const item of r.items(node, 'symptoms') ?? []) {
    const n = r.deref(item);
    const text = isScalar(n) && typeof n.value === 'number' && n.source ? n.source : r.str(item, 'a symptom');
    if (text === undefined) continue;
    if (out.includes(text)) r.report('BAD_VALUE', item, `symptom "${text}" is listed twice`, 'remove the second one', 'warning');
    else out.push(text);
  }
  return out;
}

/** Matches `{{name}}` placeholders. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g;

/** Every placeholder in the nodes must name an input of this tree; unused inputs are warned. */
function checkPlaceholders(r: YamlReader, text: string, nodes: Node | null, inputs: Record<string, InputDef>): void {
  const used = new Set<string>();
  // The common case, every placeholder known, needs only a scan of the nodes' text; the
  // walk that finds each placeholder's position runs only when one is unknown.
  const section = nodes?.range ? text.slice(nodes.range[0], nodes.range[2]) : '';
  const names = [...section.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  if (names.every((n) => Object.hasOwn(inputs, n))) names.forEach((n) => used.add(n));
  else if (nodes) {
    visit(nodes, {
      Scalar(key, node: Scalar) {
        if (key === 'key' || typeof node.value !== 'string') return;
        for (const m of node.value.matchAll(PLACEHOLDER)) {
          const name = m[1]!;
          used.add(name);
          if (Object.hasOwn(inputs, name)) continue;
          const p = r.posWithin(node, m[0], text);
          const known = Object.keys(inputs);
          const guess = suggest(name, known);
          r.diag.add({
            code: 'UNKNOWN_INPUT',
            severity: 'error',
            file: p.file,
            line: p.line,
            column: p.column,
            length: m[0].length,
            message: `placeholder {{${name}}} names no input of this tree`,
            hint: guess ? `did you mean {{${guess}}}?` : known.length ? `inputs of this tree: ${known.join(', ')}; or declare "${name}" under inputs:` : `declare it under inputs: (${name}: {ask: ...})`,
          });
        }
      },
    });
  }
  for (const input of Object.values(inputs)) {
    if (!used.has(input.name)) {
      r.diag.add({ ...input.pos, code: 'UNUSED_INPUT', severity: 'warning', message: `input "${input.name}" is asked but no node uses it`, hint: `use {{${input.name}}} in a text, command or probe parameter, or remove the input` });
    }
  }
}

/** A label made from an answer key: `yes` -> "Yes", `wrong-name` -> "Wrong name". */
export function labelFromKey(key: string): string {
  const text = key.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function readAnswer(r: YamlReader, a: Entry, tree: string): Answer | undefined {
  if (!ID.test(a.key)) {
    r.report('BAD_ID', a.keyNode, `answer key "${a.key}" is not kebab-case`, 'use lower-case letters, digits and dashes (yes, no, wrong-name)');
    return undefined;
  }
  if (isReservedName(a.key)) {
    r.report('RESERVED_ID', a.keyNode, `an answer may not be called "${a.key}": every JavaScript object has that name`, 'rename the answer');
    return undefined;
  }
  if (a.key === UNKNOWN_KEY) {
    r.report('RESERVED_ID', a.keyNode, `answer key "${UNKNOWN_KEY}" is reserved for "I don't know"`, `say where "I don't know" leads with "unknown: NODE-ID" on the question, or rename this answer (e.g. "not-sure")`);
    return undefined;
  }
  const value = r.deref(a.value);
  let raw: string | undefined;
  let label = labelFromKey(a.key);
  let at: Node | null = a.value;
  if (!value || (isScalar(value) && (value.value === null || value.value === ''))) {
    r.report('ANSWER_WITHOUT_TARGET', a.keyNode, `answer "${a.key}" does not say where it leads`, `write "${a.key}: NODE-ID" or "${a.key}: {label: ..., goto: NODE-ID}"`);
    return undefined;
  }
  if (isScalar(value)) raw = r.str(a.value, `the target of answer "${a.key}"`);
  else {
    const fields = r.entries(a.value, `answer "${a.key}"`);
    if (!fields) return undefined;
    r.checkKeys(fields, ['label', 'goto'], `answer "${a.key}"`);
    const goto = fields.find((x) => x.key === 'goto');
    const labelEntry = fields.find((x) => x.key === 'label');
    if (labelEntry) label = r.str(labelEntry.value, 'label') ?? label;
    if (!goto) {
      r.report('ANSWER_WITHOUT_TARGET', a.keyNode, `answer "${a.key}" has a label but no "goto"`, 'add "goto: NODE-ID"');
      return undefined;
    }
    at = goto.value;
    raw = r.str(goto.value, 'goto');
  }
  if (raw === undefined) return undefined;
  if (!TARGET.test(raw)) {
    r.report('BAD_VALUE', at, `"${raw}" is not a target`, 'write a node id, tree#node, or tree#start');
    return undefined;
  }
  return { key: a.key, label, goto: parseTarget(raw, tree, r.pos(at)), pos: r.pos(a.keyNode) };
}

/** Parses `500`, `500ms` or `8s` into milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const m = /^(\d+)(ms|s)$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? (m[2] === 's' ? n * 1000 : n) : undefined;
}

function readProbe(r: YamlReader, entry: Entry): ProbeUse | undefined {
  const fields = r.entries(entry.value, 'probe');
  if (!fields) return undefined;
  r.checkKeys(fields, PROBE_KEYS, 'probe');
  const f = (k: string) => fields.find((x) => x.key === k);
  const use = f('use');
  if (!use) {
    r.report('MISSING_KEY', entry.keyNode, 'the probe has no "use"', 'add "use: PROBE-ID" (see "eas-doctor probe --help")');
    return undefined;
  }
  const id = r.str(use.value, 'use');
  if (id === undefined) return undefined;
  const probe: ProbeUse = { use: id, with: {}, map: {}, pos: r.pos(use.value), mapPos: {}, mapValuePos: {}, withPos: {}, withValuePos: {} };
  for (const w of (f('with') && r.entries(f('with')!.value, 'probe "with"')) ?? []) {
    const v = r.scalar(w.value, `parameter "${w.key}"`);
    if (v !== undefined) {
      probe.with[w.key] = v;
      probe.withPos[w.key] = r.pos(w.keyNode);
      probe.withValuePos[w.key] = r.pos(w.value);
    }
  }
  const mapEntry = f('map');
  if (!mapEntry) r.report('MISSING_KEY', entry.keyNode, 'the probe has no "map"', 'add "map: {classification: answer-key, ...}"');
  for (const m of (mapEntry && r.entries(mapEntry.value, 'probe "map"')) ?? []) {
    const v = r.str(m.value, `the answer for "${m.key}"`);
    if (v !== undefined) {
      probe.map[m.key] = v;
      probe.mapPos[m.key] = r.pos(m.keyNode);
      probe.mapValuePos[m.key] = r.pos(m.value);
    }
  }
  const timeout = f('timeout');
  if (timeout) {
    const v = r.scalar(timeout.value, 'timeout');
    const ms = v === undefined || typeof v === 'boolean' ? undefined : parseDuration(v);
    if (ms === undefined) r.report('BAD_VALUE', timeout.value, 'timeout must be a duration', 'write milliseconds (5000) or "5s" / "500ms"');
    else probe.timeoutMs = ms;
  }
  return probe;
}

