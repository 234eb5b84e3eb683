// The current step as a typed view model, with placeholders filled: what every front end
// (terminal UI, scripted run, transcript) shows. Pure: built from the machine's state.
import type { CompiledTrees } from '../compile/compile.js';
import { fill, fillParams, type ProbeOutcome, type WalkContext } from '../compile/machine.js';
import type { ProbeDescriptor, Verdict } from '../probes/types.js';
import { UNKNOWN_KEY, UNKNOWN_LABEL, type EscalateNode, type FixNode, type InputDef, type QuestionNode, type Tree } from '../tree/types.js';
import type { SessionEvent, SessionStatus } from './events.js';
import { citeSource } from '../tree/sources.js';
import { showStep, type ShownStep } from '../tree/fix-steps.js';
import { fillText } from './fill-text.js';

export interface AnswerView {
  key: string;
  label: string;
  /** Where it leads, as written (`node` or `tree#node`); empty for an "I don't know" that runs the check. */
  target: string;
  /** This is "I don't know" (key `unknown`). */
  unknown?: true;
  /** "I don't know" runs the question's check first (it has not run yet): the check would know. */
  runsCheck?: true;
}

export interface ProbeView {
  id: string;
  title: string;
  /** "connect to mail.contoso.com port 443". */
  describe: string;
  params: Record<string, string | number | boolean | undefined>;
  /** Inputs the probe needs that are not given yet. */
  missing: InputDef[];
  running: boolean;
  /** The user chose to answer this question by hand (and has not answered it yet). */
  skipped: boolean;
  outcome?: ProbeOutcome;
  verdict?: Verdict;
  /** The answer the outcome maps to, pre-selected for the user to confirm. */
  suggested?: string;
}

interface Base {
  /** State key, `tree/node`. */
  key: string;
  tree: Pick<Tree, 'id' | 'title' | 'version'>;
  /** 1-based: how many questions were answered before this one, plus one. */
  step: number;
}

export type StepView =
  | (Base & { kind: 'input'; input: InputDef; nodeId: string })
  | (Base & { kind: 'question'; node: QuestionNode; text: string; help?: string; answers: AnswerView[]; probe?: ProbeView; preselected?: string })
  | (Base & {
      kind: 'fix';
      node: FixNode;
      title: string;
      cause?: string;
      why: string;
      /** Placeholders filled; `either` steps hold alternatives, `replace` what to type over. */
      steps: ShownStep[];
      verify: string;
      sources: string[];
      /** Where "this did not help" leads, if anywhere. */
      unresolved?: string;
      evidence: ProbeOutcome[];
    })
  | (Base & { kind: 'escalate'; node: EscalateNode; title: string; to: string; why?: string; attach: string[]; evidence: ProbeOutcome[] })
  | {
      kind: 'end';
      status: Exclude<SessionStatus, 'open'>;
      key?: string;
      step: number;
      evidence: ProbeOutcome[];
      /** The walk came back to this question (or fix title), answered (tried) before on its path: it escalates instead of going round. */
      loop?: string;
      /** What `loop` names. */
      loopAt?: 'question' | 'fix';
    };

export interface ViewInput {
  compiled: CompiledTrees;
  catalog: ReadonlyMap<string, ProbeDescriptor>;
  stateValue: unknown;
  context: WalkContext;
  secrets: Record<string, string>;
  status: SessionStatus;
  running: boolean;
  previous?: { node: string; answer: string };
  /** State keys whose probe the user skipped since the walk last moved. */
  skipped: ReadonlySet<string>;
  answered: number;
  lastEnd?: Extract<SessionEvent, { type: 'end' }>;
}

/** The state key at the top of a state value (`{"ssl/cert": "asking"}` -> `ssl/cert`). */
export function topKey(value: unknown): string {
  return typeof value === 'string' ? value : Object.keys(value as object)[0] ?? '';
}

export function buildView(v: ViewInput): StepView {
  const key = topKey(v.stateValue);
  const node = v.compiled.nodes.get(key);
  const evidence = Object.values(v.context.probes);
  const step = v.answered + 1;
  if (!node || v.status === 'abandoned' || (v.status === 'resolved' && node.kind !== 'escalate') || (v.lastEnd?.loop && node.kind !== 'escalate')) {
    const f = (text: string) => fillText(text, v.context.inputs, v.compiled.set.trees.get(node?.tree ?? '')?.inputs ?? {});
    const loop = !v.lastEnd?.loop || !node ? undefined : node.kind === 'question' ? { loop: f(node.question), loopAt: 'question' as const } : node.kind === 'fix' ? { loop: f(node.title), loopAt: 'fix' as const } : undefined;
    return { kind: 'end', status: v.status === 'open' ? 'escalated' : v.status, key: v.lastEnd?.node, step, evidence, ...loop };
  }
  const tree = v.compiled.set.trees.get(node.tree)!;
  const base: Base = { key, tree: { id: tree.id, title: tree.title, version: tree.version }, step };
  const inputs = v.context.inputs;
  const given = (name: string) => name in inputs || name in v.secrets;
  // Only a fix asks inputs before it shows (those its steps and verification use); a question
  // asks its check's when the check runs, and wording reads a missing value as what it is.
  const missing = (v.compiled.needs.get(key) ?? []).filter((n) => Object.hasOwn(tree.inputs, n) && !given(n));
  if (missing.length) return { ...base, kind: 'input', input: tree.inputs[missing[0]!]!, nodeId: node.id };
  const probeMissing = node.kind === 'question' && node.probe ? (v.compiled.probeNeeds.get(key) ?? []).filter((n) => Object.hasOwn(tree.inputs, n) && !given(n)) : [];
  const askedNext = new Set(probeMissing);
  const f = (text: string) => fillText(text, inputs, tree.inputs);

  if (node.kind === 'question') {
    let probe: ProbeView | undefined;
    if (node.probe) {
      const d = v.catalog.get(node.probe.use);
      const outcome = v.context.probes[key];
      const secretNames = new Set(Object.values(tree.inputs).filter((i) => i.secret).map((i) => i.name));
      const shown: Record<string, string | number | boolean> = {};
      for (const [k, val] of Object.entries(node.probe.with)) {
        const names = typeof val === 'string' ? [...val.matchAll(/\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g)].map((m) => m[1]!) : [];
        if (!names.some((n) => secretNames.has(n))) shown[k] = val;
      }
      const params = fillParams(shown, inputs);
      probe = {
        id: node.probe.use,
        title: d?.title ?? node.probe.use,
        // Parameters still holding a placeholder read as the input, "(asked next)": running asks it.
        describe: d ? fillText(fill(d.describe, Object.fromEntries(Object.entries({ ...defaults(d), ...params }).map(([k, x]) => [k, String(x ?? '')]))), inputs, tree.inputs, { askedNext }) : node.probe.use,
        params,
        missing: probeMissing.map((n) => tree.inputs[n]!),
        running: v.running,
        skipped: v.skipped.has(key),
        outcome,
        verdict: outcome ? (d?.verdicts[outcome.classification] ?? (outcome.classification === 'timeout' || outcome.classification === 'error' ? 'fail' : undefined)) : undefined,
        suggested: outcome ? node.probe.map[outcome.classification] : undefined,
      };
    }
    const previous = v.previous?.node === key ? v.previous.answer : undefined;
    const answers: AnswerView[] = node.answers.map((a) => ({ key: a.key, label: f(a.label), target: a.goto.raw }));
    // "I don't know": the check first while it has not told anything, then the author's route.
    const runsCheck = node.probe !== undefined && !v.context.probes[key] && node.unknown !== false;
    if (runsCheck || node.unknown) answers.push({ key: UNKNOWN_KEY, label: UNKNOWN_LABEL, target: node.unknown ? node.unknown.raw : '', unknown: true, ...(runsCheck ? { runsCheck } : {}) });
    return {
      ...base,
      kind: 'question',
      node,
      text: f(node.question),
      help: node.help !== undefined ? f(node.help) : undefined,
      answers,
      probe,
      preselected: probe?.suggested ?? previous,
    };
  }
  if (node.kind === 'fix') {
    return {
      ...base,
      kind: 'fix',
      node,
      title: f(node.title),
      cause: node.cause !== undefined ? f(node.cause) : undefined,
      why: f(node.why),
      steps: node.steps.map((s) => showStep(s, f)),
      verify: f(node.verify),
      sources: node.sources.map((e) => citeSource(e, v.compiled.set.sources)),
      unresolved: node.unresolved?.raw,
      evidence,
    };
  }
  return { ...base, kind: 'escalate', node, title: f(node.title), to: f(node.to), why: node.why !== undefined ? f(node.why) : undefined, attach: node.attach.map(f), evidence };
}

function defaults(d: ProbeDescriptor): Record<string, string | number | boolean | undefined> {
  return Object.fromEntries(Object.entries(d.params).map(([k, p]) => [k, p.default]));
}
