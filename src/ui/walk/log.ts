// The walk's history as a log: every journaled event becomes a finished line, and a fix or
// an escalation prints its full card the moment it is reached. Append-only, so the view
// renders it in <Static> and only the live step re-renders. Pure: tested without Ink.
import type { CompiledTrees } from '../../compile/compile.js';
import type { ProbeDescriptor, Verdict } from '../../probes/types.js';
import { effectiveEvents, type SessionEvent, type SessionStatus } from '../../session/events.js';
import type { StepView } from '../../session/view.js';
import { fillText } from '../../session/fill-text.js';
import { inputSource, treeInputs } from '../../session/input-def.js';
import { answerLabel } from '../../tree/types.js';

type FixView = Extract<StepView, { kind: 'fix' }>;
type EscalateView = Extract<StepView, { kind: 'escalate' }>;

/** A check's result as the log shows it, under the answer it led to. */
export interface ProbeLine {
  title: string;
  verdict?: Verdict;
  summary: string;
}

/** A decision that no longer stands: the question (or fix) and what was answered. */
export interface TakenBack {
  text: string;
  answer: string;
}

/** One finished entry of the log, before it gets its key. */
export type LogEntry =
  | { kind: 'start'; title: string; id: string; ticket?: string; resumed: boolean }
  | { kind: 'input'; ask: string; value: string }
  | { kind: 'answer'; crumb: string; question: string; answer: string; byProbe: boolean; probe?: ProbeLine }
  | { kind: 'note'; text: string }
  /** What `b` took back: the answer (or fix result), and the fix or escalation it had led to. */
  | { kind: 'back'; undone: TakenBack[]; card?: string }
  | { kind: 'restart'; undone: TakenBack[]; card?: string }
  | { kind: 'fix-result'; title: string; resolved: boolean }
  | { kind: 'end'; status: Exclude<SessionStatus, 'open'> }
  /** Something the wizard says about the session, such as what a resume did. */
  | { kind: 'notice'; text: string }
  | { kind: 'fix'; view: FixView }
  | { kind: 'escalate'; view: EscalateView };

/** One finished entry of the log. */
export type LogItem = LogEntry & { key: string };

/** How far the log has got: items, events consumed, and the card last printed. */
export interface LogState {
  items: LogItem[];
  seen: number;
  card?: string;
  /** The latest check per question not answered yet: it is shown live until then. */
  probes: Record<string, ProbeLine>;
}

export const emptyLog: LogState = { items: [], seen: 0, probes: {} };

/** A log that begins with notices (what a resume did), before the session's own lines. */
export function logWithNotices(notices: readonly string[]): LogState {
  return { ...emptyLog, items: notices.map((text, i) => ({ kind: 'notice', text, key: `n${i}` })) };
}

/** What the log reads from the session and the trees. */
export interface LogSource {
  events: readonly SessionEvent[];
  compiled: CompiledTrees;
  catalog: ReadonlyMap<string, ProbeDescriptor>;
  view: StepView;
  /** The log began with a resumed session: its start line says so. */
  resumed?: boolean;
}

/** Adds the lines for events not seen yet and the card of a fix or escalation just reached. */
export function advanceLog(state: LogState, src: LogSource): LogState {
  const { events, compiled, catalog, view } = src;
  if (state.seen === events.length && (view.kind !== 'fix' && view.kind !== 'escalate' ? state.card === undefined : state.card === view.key)) return state;
  const items = [...state.items];
  const probes = { ...state.probes };
  const push = (item: LogEntry) => items.push({ ...item, key: String(items.length) });
  const inputs: Record<string, string> = {};
  const ends: Array<Exclude<SessionStatus, 'open'>> = [];
  // Inputs given before each event, so a line reads as it did at the time.
  for (const e of events.slice(0, state.seen)) if (e.type === 'input' && !e.secret) inputs[e.name] = e.value ?? '';
  for (let i = state.seen; i < events.length; i++) {
    const e = events[i]!;
    switch (e.type) {
      case 'start': {
        const tree = compiled.set.trees.get(e.tree);
        push({ kind: 'start', title: tree?.title ?? e.tree, id: e.id, ticket: e.ticket, resumed: src.resumed === true });
        break;
      }
      case 'input': {
        if (!e.secret) inputs[e.name] = e.value ?? '';
        // The prompt the user saw: the asking tree's, recorded with the value.
        const def = inputSource(compiled.set, e.name, e.tree)?.def;
        push({ kind: 'input', ask: def?.ask ?? e.name, value: e.secret ? '••••••' : (e.value ?? '') });
        break;
      }
      case 'answer': {
        const node = compiled.nodes.get(e.node);
        if (node?.kind !== 'question') break;
        const tree = compiled.set.trees.get(node.tree);
        const step = effectiveEvents(events.slice(0, i)).filter((x) => x.type === 'answer').length + 1;
        const label = answerLabel(node, e.answer) ?? e.answer;
        const probe = probes[e.node];
        delete probes[e.node];
        push({ kind: 'answer', crumb: `${tree?.title ?? node.tree} › step ${step}`, question: fillText(node.question, inputs, treeInputs(compiled.set, node.tree)), answer: fillText(label, inputs, treeInputs(compiled.set, node.tree)), byProbe: e.byProbe === true, ...(probe ? { probe } : {}) });
        break;
      }
      case 'probe': {
        const d = catalog.get(e.outcome.probe);
        const verdict = d?.verdicts[e.outcome.classification] ?? (e.outcome.classification === 'timeout' || e.outcome.classification === 'error' ? 'fail' : undefined);
        probes[e.node] = { title: d?.title ?? e.outcome.probe, verdict, summary: e.outcome.summary };
        break;
      }
      case 'note':
        push({ kind: 'note', text: e.text });
        break;
      case 'back':
      case 'restart': {
        // The screen above still shows these lines (and maybe a fix card): say they are gone.
        const standing = effectiveEvents(events.slice(0, i)).filter((x) => x.type === 'answer' || x.type === 'fix-result');
        const gone = e.type === 'back' ? standing.slice(-1) : standing;
        const last = gone.at(-1);
        const to = last?.type === 'answer' ? last.to : undefined;
        const ended = to ? compiled.nodes.get(to) : undefined;
        const card = ended && ended.kind !== 'question' ? fillText(ended.title, inputs, treeInputs(compiled.set, ended.tree)) : undefined;
        push({ kind: e.type, undone: gone.map((d) => takenBack(d, compiled, inputs)), ...(card ? { card } : {}) });
        break;
      }
      case 'fix-result': {
        const node = compiled.nodes.get(e.node);
        push({ kind: 'fix-result', title: node?.kind === 'fix' ? fillText(node.title, inputs, treeInputs(compiled.set, node.tree)) : e.node, resolved: e.result === 'resolved' });
        break;
      }
      case 'end':
        // After the card, so an escalation reads: its card, then the session's end.
        ends.push(e.status);
        break;
      case 'probe-skipped':
        break;
    }
  }
  let card = state.card;
  if (view.kind === 'fix' || view.kind === 'escalate') {
    if (card !== view.key) {
      push(view.kind === 'fix' ? { kind: 'fix', view } : { kind: 'escalate', view });
      card = view.key;
    }
  } else card = undefined;
  for (const status of ends) push({ kind: 'end', status });
  return { items, seen: events.length, card, probes };
}

function takenBack(d: Extract<SessionEvent, { type: 'answer' } | { type: 'fix-result' }>, compiled: CompiledTrees, inputs: Record<string, string>): TakenBack {
  const node = compiled.nodes.get(d.node);
  const f = (text: string) => fillText(text, inputs, node ? treeInputs(compiled.set, node.tree) : {});
  if (d.type === 'fix-result') return { text: node?.kind === 'fix' ? f(node.title) : d.node, answer: d.result === 'resolved' ? 'Fixed it' : 'Did not help' };
  if (node?.kind !== 'question') return { text: d.node, answer: d.answer };
  return { text: f(node.question), answer: f(answerLabel(node, d.answer) ?? d.answer) };
}
