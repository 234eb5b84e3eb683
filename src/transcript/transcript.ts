// The transcript: a session's events read against the trees, as one plain-data model that
// every export (Markdown, JSON, HTML) renders and the redactor rewrites in one place.
import { RESOLVED, UNRESOLVED, type CompiledTrees } from '../compile/compile.js';
import { effectiveEvents, type SessionEvent } from '../session/events.js';
import { fillText } from '../session/fill-text.js';
import { inputSource, treeInputs } from '../session/input-def.js';
import { answerLabel, UNKNOWN_KEY } from '../tree/types.js';
import { liveEvents, statusOf } from './live-events.js';
import { viewOf } from './stand.js';
import { TRANSCRIPT_FORMAT, TRANSCRIPT_VERSION, type Transcript, type TranscriptDeps, type TranscriptEscalation, type TranscriptEvidence, type TranscriptFix, type TranscriptInput, type TranscriptRetracted, type TranscriptStep, type TimelineEntry } from './model.js';
import { touchedTrees } from './walk-check.js';
import { citeSource } from '../tree/sources.js';
import { showStep } from '../tree/fix-steps.js';
import { markValue } from './marks.js';

export * from './model.js';

/** Formats epoch milliseconds as ISO-8601 UTC. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** How a transcript is built. */
export interface BuildOptions {
  /**
   * Mark every typed value substituted into author text (marks.ts), for the Markdown and HTML
   * exports to escape it as untrusted. Never for the JSON export, which holds the text exactly.
   * @default false
   */
  markValues?: boolean;
}

/** Reads a session's events against the trees. Nodes that no longer exist are shown by key. */
export function buildTranscript(events: readonly SessionEvent[], deps: TranscriptDeps, opts: BuildOptions = {}): Transcript {
  const live = liveEvents(events);
  const start = live[0] as Extract<SessionEvent, { type: 'start' }>;
  const eff = effectiveEvents(live);
  const inputs: Record<string, string> = {};
  const inputAt: Record<string, TranscriptInput> = {};
  for (const e of eff) {
    if (e.type !== 'input') continue;
    // The prompt the user saw: the asking tree's, recorded with the value.
    const def = inputSource(deps.compiled.set, e.name, e.tree)?.def;
    inputAt[e.name] = { name: e.name, ask: def?.ask ?? e.name, format: def?.format ?? 'text', ...(e.secret ? { secret: true } : { value: e.value ?? '' }), at: iso(e.at) };
    if (!e.secret) inputs[e.name] = e.value ?? '';
  }
  // A value given, then taken back with its step (a fix's input), still fills what was shown with it.
  const everGiven: Record<string, string> = {};
  for (const e of live) if (e.type === 'input' && !e.secret) everGiven[e.name] = e.value ?? '';
  const values = { ...everGiven, ...inputs };
  const fillWith = opts.markValues ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, markValue(v)])) : values;
  /** Texts of a node of `tree`: a value never given reads as what it is. */
  const f: Fill = (text, tree) => fillText(text, fillWith, treeInputs(deps.compiled.set, tree));

  const evidence: TranscriptEvidence[] = [];
  const latestAt = new Map<string, number>();
  const steps: TranscriptStep[] = [];
  const fixes = new Map<string, TranscriptFix>();
  for (const e of eff) {
    if (e.type === 'probe') {
      latestAt.set(e.node, evidence.length);
      const d = deps.catalog.get(e.outcome.probe);
      evidence.push({
        at: iso(e.at),
        node: e.node,
        probe: e.outcome.probe,
        title: d?.title ?? e.outcome.probe,
        classification: e.outcome.classification,
        verdict: d?.verdicts[e.outcome.classification] ?? (e.outcome.classification === 'timeout' || e.outcome.classification === 'error' ? 'fail' : undefined),
        summary: e.outcome.summary,
        durationMs: e.outcome.durationMs,
        params: Object.fromEntries(Object.entries(e.outcome.params).map(([k, v]) => [k, v ?? null])),
        evidence: e.outcome.evidence,
      });
    } else if (e.type === 'answer') {
      const node = deps.compiled.nodes.get(e.node);
      const q = node?.kind === 'question' ? node : undefined;
      const label = q ? answerLabel(q, e.answer) : undefined;
      const ev = latestAt.get(e.node);
      steps.push({
        kind: 'question',
        at: iso(e.at),
        node: e.node,
        question: q ? f(q.question, q.tree) : e.node,
        answer: e.answer,
        label: label !== undefined && q ? f(label, q.tree) : e.answer,
        byProbe: e.byProbe === true,
        ...(e.answer === UNKNOWN_KEY ? { didNotKnow: true as const } : {}),
        ...(ev !== undefined ? { evidence: ev } : {}),
      });
    } else if (e.type === 'fix-result') {
      const fix = fixOf(deps.compiled, e.node, f);
      steps.push({ kind: 'fix', at: iso(e.at), node: e.node, title: fix?.title ?? e.node, result: e.result });
      if (fix) fixes.set(e.node, { ...fix, result: e.result });
    }
  }

  // Where the walk ended or stands: the session engine replays the events on today's trees.
  const status = statusOf(events);
  const end = [...eff].reverse().find((e) => e.type === 'end');
  let outcome: Transcript['outcome'] = { status, kind: 'end', text: status, node: end?.type === 'end' ? end.node : undefined };
  let escalation: TranscriptEscalation | undefined;
  // An abandoned session is shown where it stood when it was left.
  const walk = status === 'abandoned' ? live.filter((e) => !(e.type === 'end' && e.status === 'abandoned')) : live;
  // Undefined when the start node is gone from today's trees: the recorded end is all there is.
  const v = viewOf(walk, deps);
  if (v?.kind === 'fix') {
    const fix = fixOf(deps.compiled, v.key, f);
    if (fix && !fixes.has(v.key)) fixes.set(v.key, fix);
    outcome = { status, kind: 'fix', node: v.key, text: f(v.node.title, v.node.tree) };
  } else if (v?.kind === 'escalate') {
    // Filled here, not taken from the view: the view's text has no marks.
    const n = v.node;
    const fn = (text: string) => f(text, n.tree);
    escalation = { node: v.key, title: fn(n.title), to: fn(n.to), ...(n.why !== undefined ? { why: fn(n.why) } : {}), attach: n.attach.map(fn) };
    outcome = { status, kind: 'escalate', node: v.key, text: escalation.title };
  } else if (v?.kind === 'question') outcome = { status, kind: 'question', node: v.key, text: f(v.node.question, v.node.tree) };
  else if (v?.kind === 'input') outcome = { status, kind: 'input', node: v.key, text: v.input.ask };
  else if (v?.key && fixes.has(v.key)) outcome = { status, kind: 'fix', node: v.key, text: fixes.get(v.key)!.title };
  // Fixes that were on screen when a back or restart took the walk away from them: kept, marked.
  for (const shown of shownThenTakenBack(live, deps)) {
    if (fixes.has(shown.node)) continue;
    const fix = fixOf(deps.compiled, shown.node, f);
    if (fix) fixes.set(shown.node, { ...fix, takenBack: { at: shown.at, by: shown.by } });
  }
  if (outcome.node === RESOLVED || outcome.node === UNRESOLVED) delete outcome.node;

  const trees = touchedTrees(live).map((id) => {
    const rec = start.trees[id];
    const now = deps.compiled.set.trees.get(id);
    const current = now ? { version: now.version, hash: now.hash } : null;
    return { id, ...(now ? { title: now.title } : {}), version: rec?.version ?? now?.version ?? 0, hash: rec?.hash ?? now?.hash ?? '', ...(rec && (!now || now.hash !== rec.hash) ? { current } : {}) };
  });
  const last = live[live.length - 1]!;
  const endedAt = status !== 'open' && end ? end.at : undefined;
  return {
    format: TRANSCRIPT_FORMAT,
    version: TRANSCRIPT_VERSION,
    session: {
      id: start.id,
      ...(start.ticket !== undefined ? { ticket: start.ticket } : {}),
      ...(start.operator !== undefined ? { operator: start.operator } : {}),
      startedAt: iso(start.at),
      ...(endedAt !== undefined ? { endedAt: iso(endedAt) } : {}),
      lastActivityAt: iso(last.at),
      durationMs: (endedAt ?? last.at) - start.at,
      status,
      redacted: false,
    },
    start: { tree: start.tree, node: start.node },
    trees,
    inputs: Object.values(inputAt),
    steps,
    evidence,
    notes: events.filter((e) => e.type === 'note').map((e) => ({ at: iso(e.at), ...(e.node ? { node: e.node } : {}), text: e.text })),
    retracted: retractedOf(live, deps.compiled, f),
    fixes: [...fixes.values()],
    ...(escalation ? { escalation } : {}),
    outcome,
    timeline: events.map((e) => timelineEntry(e, deps.compiled, f)),
  };
}

/** The fix on screen just before each back or restart: shown, then taken back. */
function shownThenTakenBack(live: readonly SessionEvent[], deps: TranscriptDeps): Array<{ node: string; at: string; by: 'back' | 'restart' }> {
  const out: Array<{ node: string; at: string; by: 'back' | 'restart' }> = [];
  live.forEach((e, i) => {
    if (e.type !== 'back' && e.type !== 'restart') return;
    const v = viewOf(live.slice(0, i), deps);
    if (v?.kind === 'fix') out.push({ node: v.key, at: iso(e.at), by: e.type });
  });
  return out;
}

/** Mirrors effectiveEvents: `back` drops the last answer or fix result, `restart` all of them. */
function retractedOf(events: readonly SessionEvent[], compiled: CompiledTrees, f: Fill): TranscriptRetracted[] {
  type Decision = Extract<SessionEvent, { type: 'answer' } | { type: 'fix-result' }>;
  const stack: Decision[] = [];
  const out: TranscriptRetracted[] = [];
  const retract = (d: Decision, by: 'back' | 'restart', at: number) => {
    const node = compiled.nodes.get(d.node);
    const answer = d.type === 'answer' ? d.answer : d.result;
    const label = d.type === 'answer' ? (node?.kind === 'question' ? answerLabel(node, d.answer) : undefined) : d.result === 'resolved' ? 'Fixed it' : 'Did not help';
    const question = node?.kind === 'question' ? f(node.question, node.tree) : node?.kind === 'fix' ? f(node.title, node.tree) : d.node;
    out.push({ at: iso(d.at), node: d.node, question, answer, label: label && node ? f(label, node.tree) : answer, by, undoneAt: iso(at) });
  };
  for (const e of events) {
    if (e.type === 'answer' || e.type === 'fix-result') stack.push(e);
    else if (e.type === 'back') {
      const d = stack.pop();
      if (d) retract(d, 'back', e.at);
    } else if (e.type === 'restart') {
      for (const d of stack.splice(0)) retract(d, 'restart', e.at);
    }
  }
  return out;
}

/** Fills a text of a node of `tree`. */
type Fill = (text: string, tree: string) => string;

function fixOf(compiled: CompiledTrees, key: string, fill: Fill): TranscriptFix | undefined {
  const node = compiled.nodes.get(key);
  if (node?.kind !== 'fix') return undefined;
  const f = (text: string) => fill(text, node.tree);
  return {
    node: key,
    title: f(node.title),
    ...(node.cause !== undefined ? { cause: f(node.cause) } : {}),
    why: f(node.why),
    steps: node.steps.map((s) => showStep(s, f)),
    verify: f(node.verify),
    sources: node.sources.map((e) => citeSource(e, compiled.set.sources)),
  };
}

function timelineEntry(e: SessionEvent, compiled: CompiledTrees, f: Fill): TimelineEntry {
  const at = iso(e.at);
  switch (e.type) {
    case 'start':
      return { at, kind: e.type, node: `${e.tree}/${e.node}`, text: `started in tree ${e.tree}` };
    case 'input':
      return { at, kind: e.type, text: e.secret ? `${e.name} given (secret, not recorded)` : `${e.name} = ${e.value ?? ''}` };
    case 'answer': {
      const node = compiled.nodes.get(e.node);
      if (e.answer === UNKNOWN_KEY) return { at, kind: e.type, node: e.node, text: 'did not know' };
      const label = node?.kind === 'question' ? answerLabel(node, e.answer) : undefined;
      return { at, kind: e.type, node: e.node, text: `answered ${label && node ? f(label, node.tree) : e.answer}${e.byProbe ? ' (from the probe)' : ''}` };
    }
    case 'probe':
      return { at, kind: e.type, node: e.node, text: `${e.outcome.probe}: ${e.outcome.classification} (${e.outcome.summary})` };
    case 'probe-skipped':
      return { at, kind: e.type, node: e.node, text: 'answered by hand instead of running the probe' };
    case 'note':
      return { at, kind: e.type, ...(e.node ? { node: e.node } : {}), text: e.text };
    case 'back':
      return { at, kind: e.type, text: 'went back one step' };
    case 'restart':
      return { at, kind: e.type, text: 'restarted from the first question' };
    case 'fix-result':
      return { at, kind: e.type, node: e.node, text: e.result === 'resolved' ? 'the fix worked' : 'the fix did not help' };
    case 'end':
      return { at, kind: e.type, ...(e.node ? { node: e.node } : {}), text: `session ${e.status}` };
    case 'resume':
      return { at, kind: e.type, text: 'session resumed' };
  }
}
