// Tree set -> one plain-data XState config. Nothing here is a function: guards, actions and
// the probe actor are named, and machine.ts provides their implementations.
import { PLACEHOLDER } from '../tree/load.js';
import { questionAnswers, type FixStep, type Target, type Tree, type TreeNode, type TreeSet } from '../tree/types.js';

/** Root-level states every compiled machine has besides the tree nodes. */
export const RESOLVED = '__resolved';
export const UNRESOLVED = '__unresolved';

/** A transition as plain data. */
export interface PlainTransition {
  target?: string;
  guard?: { type: string; params?: Record<string, unknown> };
  actions?: Array<{ type: string; params?: Record<string, unknown> }>;
}

/** A state as plain data. */
export interface PlainState {
  type?: 'final';
  tags?: string[];
  meta?: Record<string, unknown>;
  initial?: string;
  states?: Record<string, PlainState>;
  on?: Record<string, PlainTransition | PlainTransition[]>;
  invoke?: {
    src: string;
    input: Record<string, unknown>;
    onDone: PlainTransition;
    onError: PlainTransition;
  };
}

/** The machine config: JSON-serialisable. */
export interface PlainMachineConfig {
  id: string;
  initial: string;
  context: { inputs: Record<string, string> };
  on: Record<string, PlainTransition>;
  states: Record<string, PlainState>;
}

/** The compiled set: the config plus look-ups the session needs. */
export interface CompiledTrees {
  config: PlainMachineConfig;
  set: TreeSet;
  /** State key (`tree/node`) -> node. */
  nodes: Map<string, TreeNode>;
  /**
   * State key -> the inputs a fix's steps and verification use: asked just before the fix
   * shows. Questions and escalations need none: their wording reads an input not given yet as
   * what it is (see session/fill-text.ts).
   */
  needs: Map<string, string[]>;
  /** State key -> the inputs its probe's parameters use: asked when the probe is run. */
  probeNeeds: Map<string, string[]>;
}

/** The XState state key of a node. XState splits paths on ".", so the key uses "/". */
export function stateKey(tree: string, node: string): string {
  return `${tree}/${node}`;
}

/** Resolves a target to its state key (`tree#start` to the tree's start node). */
export function targetKey(set: TreeSet, t: { tree: string; node: string }): string {
  const tree = set.trees.get(t.tree);
  const node = t.node === 'start' ? (tree?.start ?? 'start') : t.node;
  return stateKey(t.tree, node);
}

/** What the engineer runs and checks at a fix: its steps (text, command, what to replace, alternatives) and how to verify. */
export function fixActionTexts(node: Extract<TreeNode, { kind: 'fix' }>): string[] {
  return [node.verify, ...node.steps.flatMap(stepTexts)];
}

/** A step's texts (its alternatives' too), where placeholders may stand. */
function stepTexts(s: FixStep): string[] {
  return [s.text, s.run?.code ?? '', ...(s.replace ?? []).map((r) => r.means), ...(s.either ?? []).flat().flatMap(stepTexts)];
}

function placeholders(texts: string[]): string[] {
  const names = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(PLACEHOLDER)) names.add(m[1]!);
  return [...names];
}

function compileNode(set: TreeSet, tree: Tree, node: TreeNode): PlainState {
  // Symptoms travel as data, so a consumer of the plain config (a graph, a search) sees them.
  const meta = { tree: tree.id, node: node.id, kind: node.kind, ...(node.symptoms.length ? { symptoms: node.symptoms } : {}) };
  const go = (t: Target) => targetKey(set, t);
  if (node.kind === 'question') {
    const state: PlainState = {
      tags: ['question'],
      meta,
      on: {
        ANSWER: questionAnswers(node).map((a) => ({ target: go(a.goto), guard: { type: 'answerIs', params: { key: a.key } } })),
      },
    };
    if (node.probe) {
      state.tags!.push('probe');
      state.initial = 'asking';
      state.states = {
        asking: {
          on: {
            'PROBE.RUN': { target: 'probing' },
            'PROBE.RECORDED': { actions: [{ type: 'recordProbe' }] },
          },
        },
        probing: {
          tags: ['probing'],
          invoke: {
            src: 'probe',
            input: { use: node.probe.use, with: node.probe.with, timeoutMs: node.probe.timeoutMs, node: stateKey(tree.id, node.id) },
            onDone: { target: 'asking', actions: [{ type: 'recordProbe' }] },
            onError: { target: 'asking' },
          },
          on: { 'PROBE.CANCEL': { target: 'asking' } },
        },
      };
    }
    return state;
  }
  if (node.kind === 'fix') {
    return {
      tags: ['fix', 'end'],
      meta,
      on: {
        'FIX.RESOLVED': { target: RESOLVED },
        'FIX.UNRESOLVED': { target: node.unresolved ? go(node.unresolved) : UNRESOLVED },
      },
    };
  }
  return { tags: ['escalate', 'end'], meta };
}

/** Compiles a validated tree set. The machine starts at the first tree's start; sessions start anywhere with resolveState. */
export function compileTrees(set: TreeSet, id = 'eas-doctor'): CompiledTrees {
  const states: Record<string, PlainState> = {};
  const nodes = new Map<string, TreeNode>();
  const needs = new Map<string, string[]>();
  const probeNeeds = new Map<string, string[]>();
  for (const tree of set.trees.values()) {
    for (const node of Object.values(tree.nodes)) {
      const key = stateKey(tree.id, node.id);
      states[key] = compileNode(set, tree, node);
      nodes.set(key, node);
      needs.set(key, node.kind === 'fix' ? placeholders(fixActionTexts(node)) : []);
      if (node.kind === 'question' && node.probe) probeNeeds.set(key, placeholders(Object.values(node.probe.with).map(String)));
    }
  }
  states[RESOLVED] = { type: 'final', tags: ['resolved'] };
  states[UNRESOLVED] = { type: 'final', tags: ['unresolved'] };
  const first = [...set.trees.values()][0];
  return {
    config: {
      id,
      initial: first ? stateKey(first.id, first.start) : RESOLVED,
      context: { inputs: {} },
      on: { INPUT: { actions: [{ type: 'setInput' }] } },
      states,
    },
    set,
    nodes,
    needs,
    probeNeeds,
  };
}
