// Checks that need the whole tree set and the probe catalog: targets, probes, dead ends,
// nodes with no way out, unreachable nodes. Collects everything; never throws.
import type { ProbeDescriptor } from '../probes/types.js';
import { UNIVERSAL_CLASSIFICATIONS } from '../probes/types.js';
import { suggest } from '../util/suggest.js';
import type { DiagnosticBag, DiagnosticCode, Severity } from './diagnostics.js';
import { PLACEHOLDER } from './load.js';
import { SOURCE_ID, type Source } from './sources.js';
import { checkTestStubs } from './validate-tests.js';
import { findRouteCycles } from './cycles.js';
import { nodeKey, questionAnswers, resolveTarget, UNKNOWN_KEY, type FixNode, type InputDef, type Pos, type Target, type Tree, type TreeNode, type TreeSet } from './types.js';

/** Probe descriptors by id, as the validator needs them. */
export type ProbeCatalog = ReadonlyMap<string, ProbeDescriptor>;

function add(diag: DiagnosticBag, code: DiagnosticCode, pos: Pos, message: string, hint?: string, severity: Severity = 'error', length?: number): void {
  diag.add({ code, severity, file: pos.file, line: pos.line, column: pos.column, message, hint, ...(length ? { length } : {}) });
}

/** The node keys (`tree#node`) a node leads to. */
export function edges(set: TreeSet, node: TreeNode): string[] {
  const targets: Target[] = node.kind === 'question' ? questionAnswers(node).map((a) => a.goto) : node.kind === 'fix' && node.unresolved ? [node.unresolved] : [];
  const out: string[] = [];
  for (const t of targets) {
    const tree = set.trees.get(t.tree);
    if (!tree) continue;
    const id = t.node === 'start' ? tree.start : t.node;
    if (Object.hasOwn(tree.nodes, id)) out.push(nodeKey(t.tree, id));
  }
  return out;
}

/** Checks one target; returns false when it leads nowhere. */
function checkTarget(set: TreeSet, t: Target, diag: DiagnosticBag, what: string): boolean {
  const tree = set.trees.get(t.tree);
  if (!tree) {
    const guess = suggest(t.tree, set.trees.keys());
    add(diag, 'UNKNOWN_TREE', t.pos, `${what} leads to tree "${t.tree}", which is not loaded`, guess ? `did you mean "${guess}#${t.node}"?` : `loaded trees: ${[...set.trees.keys()].join(', ')}`, 'error', t.raw.length);
    return false;
  }
  if (t.node === 'start') return true;
  if (!Object.hasOwn(tree.nodes, t.node)) {
    const guess = suggest(t.node, Object.keys(tree.nodes));
    const prefix = t.raw.includes('#') ? `${t.tree}#` : '';
    add(diag, 'UNKNOWN_TARGET', t.pos, `${what} leads to "${t.raw}", but tree "${t.tree}" has no node "${t.node}"`, guess ? `did you mean "${prefix}${guess}"?` : `add a node "${t.node}" or point to an existing one`, 'error', t.raw.length);
    return false;
  }
  return true;
}

function checkProbe(tree: Tree, node: TreeNode & { kind: 'question' }, catalog: ProbeCatalog, diag: DiagnosticBag): void {
  const use = node.probe;
  if (!use) return;
  const probe = catalog.get(use.use);
  if (!probe) {
    const guess = suggest(use.use, catalog.keys());
    add(diag, 'UNKNOWN_PROBE', use.pos, `probe "${use.use}" does not exist`, guess ? `did you mean "${guess}"?` : `known probes: ${[...catalog.keys()].join(', ')}`);
    return;
  }
  for (const [name, value] of Object.entries(use.with)) {
    const spec = probe.params[name];
    const pos = use.withPos[name] ?? use.pos;
    if (probe.secrets?.[name] !== undefined) {
      // A secret travels in memory only: it must come from a secret input, never be written in the tree.
      const only = typeof value === 'string' ? /^\{\{\s*([A-Za-z0-9_-]+)\s*\}\}$/.exec(value) : null;
      if (!only || !Object.hasOwn(tree.inputs, only[1]!) || !tree.inputs[only[1]!]?.secret) {
        add(diag, 'BAD_PARAM', pos, `"${name}" of probe "${probe.id}" is a secret: pass it as {{INPUT}} of an input with format: secret`, 'never write a password in a tree; declare e.g. password: {ask: Password, format: secret} and use "{{password}}"');
      }
      continue;
    }
    if (!spec) {
      const guess = suggest(name, Object.keys(probe.params));
      add(diag, 'UNKNOWN_PARAM', pos, `probe "${probe.id}" takes no parameter "${name}"`, guess ? `did you mean "${guess}"?` : `its parameters: ${Object.keys(probe.params).join(', ')}`);
      continue;
    }
    if (typeof value === 'string' && PLACEHOLDER.test(value)) {
      PLACEHOLDER.lastIndex = 0;
      continue;
    }
    PLACEHOLDER.lastIndex = 0;
    const bad = paramProblem(spec.type, value, spec.values);
    if (bad) add(diag, 'BAD_PARAM', use.withValuePos[name] ?? pos, `parameter "${name}" of probe "${probe.id}": ${bad}`, spec.doc);
  }
  for (const [name, spec] of Object.entries(probe.params)) {
    if (spec.required && spec.default === undefined && !(name in use.with)) {
      add(diag, 'MISSING_PARAM', use.pos, `probe "${probe.id}" needs parameter "${name}"`, `add it under with: (${name}: ${spec.doc})`);
    }
  }
  const classes = new Set<string>([...probe.classifications, ...UNIVERSAL_CLASSIFICATIONS]);
  const answerKeys = questionAnswers(node).map((a) => a.key);
  for (const [cls, answer] of Object.entries(use.map)) {
    const pos = use.mapPos[cls] ?? use.pos;
    if (!classes.has(cls)) {
      const guess = suggest(cls, classes);
      add(diag, 'UNKNOWN_CLASSIFICATION', pos, `probe "${probe.id}" never returns "${cls}"`, guess ? `did you mean "${guess}"? It returns: ${[...classes].join(', ')}` : `it returns: ${[...classes].join(', ')}`);
    }
    if (!answerKeys.includes(answer)) {
      const guess = suggest(answer, answerKeys);
      add(diag, 'UNKNOWN_ANSWER', use.mapValuePos[cls] ?? pos, `"${cls}" maps to answer "${answer}", which question "${node.id}" does not have`, guess ? `did you mean "${guess}"?` : `its answers: ${answerKeys.join(', ')}`);
    }
  }
}

/** Why a literal parameter value does not fit its type, or undefined when it does. */
export function paramProblem(type: string, value: string | number | boolean, values?: readonly string[]): string | undefined {
  if (values && !values.includes(String(value))) return `"${value}" is not one of: ${values.join(', ')}`;
  switch (type) {
    case 'port':
      return Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 65535 ? undefined : `"${value}" is not a port (1-65535)`;
    case 'number':
    case 'duration':
      return Number.isFinite(Number(value)) ? undefined : `"${value}" is not a number`;
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? undefined : `"${value}" is not true or false`;
    case 'hostname':
      return /^[A-Za-z0-9.:[\]-]+$/.test(String(value)) ? undefined : `"${value}" is not a host name or address`;
    case 'ip':
      return /^\[?[0-9a-fA-F.:]+\]?$/.test(String(value)) ? undefined : `"${value}" is not an IP address`;
    case 'host-port':
      return /^[A-Za-z0-9.[\]-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(String(value)) ? undefined : `"${value}" is not HOST or HOST:PORT`;
    case 'email':
      return /^[^@\s]+@[^@\s]+$/.test(String(value)) ? undefined : `"${value}" is not an e-mail address`;
    default:
      return undefined;
  }
}

/** Runs every set-level check. */
/** A `sources` entry written as an id must name a registered source. */
function checkSources(set: TreeSet, node: FixNode, diag: DiagnosticBag): void {
  const registry = set.sources ?? new Map<string, Source>();
  node.sources.forEach((entry, i) => {
    if (!SOURCE_ID.test(entry) || registry.has(entry)) return;
    const guess = suggest(entry, registry.keys());
    add(diag, 'UNKNOWN_SOURCE', node.sourcePos[i] ?? node.pos, `fix "${node.id}" cites source "${entry}", which is not in sources.yaml`, guess ? `did you mean "${guess}"?` : 'add it to sources.yaml (title, publisher, year, url) or fix the id');
  });
}

export function validateTreeSet(set: TreeSet, catalog: ProbeCatalog, diag: DiagnosticBag): void {
  for (const tree of set.trees.values()) {
    if (tree.start && !Object.hasOwn(tree.nodes, tree.start)) {
      const guess = suggest(tree.start, Object.keys(tree.nodes));
      add(diag, 'UNKNOWN_START', tree.startPos, `start names "${tree.start}", which is not a node of this tree`, guess ? `did you mean "${guess}"?` : 'name the first question');
    }
    for (const node of Object.values(tree.nodes)) {
      if (node.kind === 'question') {
        if (node.answers.length === 0) add(diag, 'DEAD_END', node.pos, `question "${node.id}" has no answers: the walk would stop there`, 'add answers that each lead to a node');
        node.answers.forEach((a) => checkTarget(set, a.goto, diag, `answer "${a.key}" of "${node.id}"`));
        if (node.unknown) checkTarget(set, node.unknown, diag, `"unknown" of "${node.id}"`);
        else if (node.unknown === undefined) {
          add(
            diag,
            'NO_UNKNOWN_ROUTE',
            node.pos,
            node.probe
              ? `question "${node.id}" does not say where "I don't know" leads when its check cannot tell`
              : `question "${node.id}" does not say where "I don't know" leads`,
            'add "unknown: NODE-ID" (the next most likely cause, or the question whose check would know), or "unknown: false" when the engineer can always tell',
            'warning',
          );
        }
        checkProbe(tree, node, catalog, diag);
      } else if (node.kind === 'fix') {
        if (node.unresolved) checkTarget(set, node.unresolved, diag, `"unresolved" of fix "${node.id}"`);
        checkSources(set, node, diag);
        const missing = [!node.cause && 'cause', node.sources.length === 0 && 'sources', !node.unresolved && 'unresolved'].filter(Boolean);
        if (missing.length) add(diag, 'FIX_INCOMPLETE', node.pos, `fix "${node.id}" has no ${missing.join(', ')}`, 'a complete fix says what is wrong (cause), where the knowledge comes from (sources) and where "this did not help" leads (unresolved)', 'warning');
      }
    }
    for (const t of tree.tests) checkTarget(set, t.expect, diag, `test "${t.name}"`);
    checkTestStubs(set, tree, catalog, diag);
  }
  checkFlow(set, diag);
  checkInputConflicts(set, diag);
}

/**
 * Inputs are asked once per session by name, with the prompt of the first step that needs one:
 * trees that share a name must mean one thing (one format) and ask it one way (one prompt).
 */
function checkInputConflicts(set: TreeSet, diag: DiagnosticBag): void {
  const first = new Map<string, { tree: string; input: InputDef }>();
  for (const tree of set.trees.values()) {
    for (const input of Object.values(tree.inputs)) {
      const seen = first.get(input.name);
      if (!seen) {
        first.set(input.name, { tree: tree.id, input });
        continue;
      }
      const there = `tree "${seen.tree}"`;
      const related = [{ file: seen.input.pos.file, line: seen.input.pos.line, column: seen.input.pos.column, note: `"${input.name}" in tree "${seen.tree}"` }];
      const warn = (code: DiagnosticCode, message: string, hint: string) => diag.add({ code, severity: 'warning', file: input.pos.file, line: input.pos.line, column: input.pos.column, message, hint, related });
      if (seen.input.format !== input.format) {
        warn('INPUT_CONFLICT', `input "${input.name}" has format ${input.format} here but ${seen.input.format} in ${there}; a session asks it once, for both trees`, 'use the same format, or another name for one of them');
        continue;
      }
      const differ = INPUT_FIELDS.filter((k) => (input[k] ?? '') !== (seen.input[k] ?? ''));
      if (differ.length) {
        const shown = (v: string | boolean | undefined) => (v === undefined || v === '' ? 'none' : typeof v === 'boolean' ? String(v) : `"${v.length > 80 ? `${v.slice(0, 77)}...` : v}"`);
        const what = differ.map((k) => `${k} ${shown(input[k])} here, ${shown(seen.input[k])} there`).join('; ');
        warn('INPUT_DIFFERS', `input "${input.name}" is defined differently than in ${there}: ${what}`, `a session asks "${input.name}" once, with the prompt of whichever tree needs it first: give it the same ask, example, help and optional in every tree (or another name if it means something else)`);
      }
    }
  }
}

/** The parts of an input a person sees when it is asked: they must agree across trees. */
const INPUT_FIELDS = ['ask', 'example', 'help', 'optional'] as const;

/** Unreachable nodes (warning) and nodes from which no fix or escalation can be reached. */
function checkFlow(set: TreeSet, diag: DiagnosticBag): void {
  const all = new Map<string, TreeNode>();
  for (const tree of set.trees.values()) for (const node of Object.values(tree.nodes)) all.set(nodeKey(tree.id, node.id), node);
  const out = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (const [key, node] of all) {
    const e = edges(set, node);
    out.set(key, e);
    for (const to of e) {
      const list = incoming.get(to);
      if (list) list.push(key);
      else incoming.set(to, [key]);
    }
  }
  // Forward from every tree's start: whatever no walk can reach.
  const seen = new Set<string>();
  const stack = [...set.trees.values()].filter((t) => Object.hasOwn(t.nodes, t.start)).map((t) => nodeKey(t.id, t.start));
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const n of out.get(k) ?? []) if (!seen.has(n)) stack.push(n);
  }
  // Backward from every fix and escalation: whatever can still end well.
  const canEnd = new Set<string>();
  const back = [...all].filter(([, n]) => n.kind !== 'question').map(([k]) => k);
  while (back.length) {
    const k = back.pop()!;
    if (canEnd.has(k)) continue;
    canEnd.add(k);
    for (const n of incoming.get(k) ?? []) if (!canEnd.has(n)) back.push(n);
  }
  const starts = new Set([...set.trees.values()].map((t) => nodeKey(t.id, t.start)));
  for (const [key, node] of all) {
    if (!seen.has(key)) {
      add(diag, 'UNREACHABLE', node.pos, `node "${node.id}" cannot be reached from any tree's start`, 'lead an answer to it, or remove it', 'warning');
    }
    // Reported where a walk enters the trap (a start, or a node that can still end well),
    // not at every node of the circle; a trap nothing enters is reported as unreachable.
    const entered = starts.has(key) || (incoming.get(key) ?? []).some((from) => canEnd.has(from));
    // A question whose answers all lead to unknown nodes is reported as UNKNOWN_TARGET alone.
    if (!canEnd.has(key) && entered && node.kind === 'question' && (out.get(key) ?? []).length > 0) {
      const circle = (out.get(key) ?? []).map((k) => k.split('#')[1]).join(', ');
      add(diag, 'NO_WAY_OUT', node.pos, `from "${node.id}" no fix or escalation can be reached: its answers lead only to ${circle}, and on in a circle`, 'lead at least one answer on the way to a fix or an escalation');
    }
  }
  checkCycles(set, canEnd, diag);
}

/** How a route reads in a message. */
function routeName(via: string, from: TreeNode): string {
  if (via === 'did-not-help') return `"unresolved" of fix "${from.id}"`;
  if (via === UNKNOWN_KEY) return `"unknown" of "${from.id}"`;
  return `answer "${via}" of "${from.id}"`;
}

/**
 * A route back to a node already on the walk (warning): the session would ask the question
 * again, so the engine ends it there with an escalation. Reported at the route that closes
 * the circle; a circle with no way out at all is NO_WAY_OUT's, not reported twice.
 */
function checkCycles(set: TreeSet, canEnd: ReadonlySet<string>, diag: DiagnosticBag): void {
  for (const c of findRouteCycles(set)) {
    if (!canEnd.has(c.path[0]!)) continue;
    const node = resolveTarget(set, c.route.target);
    // Escalations lead nowhere, so a circle comes back to a question or a fix.
    const what = node?.kind === 'fix' ? 'a fix this walk has already shown' : 'a question this walk has already asked';
    const { pos, raw } = c.route.target;
    const through = [...new Set(c.trees.map((id) => set.trees.get(id)!.file))].filter((f) => f !== pos.file);
    diag.add({
      code: 'ROUTE_CYCLE',
      severity: 'warning',
      file: pos.file,
      line: pos.line,
      column: pos.column,
      length: raw.length,
      message: `${routeName(c.route.via, c.from)} leads back to "${c.path[0]}", ${what}: ${c.path.join(' -> ')}`,
      hint: `lead it to a node that is not upstream of "${c.from.id}" (the next most likely cause) or to an escalation that hands over what was gathered, or break the circle at another of its routes; a session that comes round ends escalated`,
      ...(through.length ? { through } : {}),
    });
  }
}
