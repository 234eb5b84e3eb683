// The one headless session API: used by the terminal UI, scripted runs, tree tests and the
// journal alike. No terminal code here. The walk's state is the machine's; the session owns
// the event log, the secrets (memory only) and the view model.
import { createActor, type AnyStateMachine } from 'xstate';
import { RESOLVED, UNRESOLVED, stateKey, targetKey, type CompiledTrees } from '../compile/compile.js';
import { createWalkMachine, type ProbeOutcome, type WalkContext, type WalkEvent } from '../compile/machine.js';
import type { ProbeDescriptor, ProbeRunner } from '../probes/types.js';
import { answerLabel, questionAnswers, UNKNOWN_KEY, type InputDef } from '../tree/types.js';
import { effectiveEvents, type SessionEvent, type SessionSnapshot, type SessionStatus } from './events.js';
import { checkInput } from './inputs.js';
import { fillText } from './fill-text.js';
import { inputSource, treeInputs } from './input-def.js';
import { buildView, topKey, type StepView } from './view.js';

/** Thrown for an operation the current step does not allow; the message says what would. */
export class SessionError extends Error {
  override name = 'SessionError';
}

/** What a session needs from outside. */
export interface SessionDeps {
  compiled: CompiledTrees;
  /** Probe descriptors, for titles, verdicts and default timeouts. */
  catalog: ReadonlyMap<string, ProbeDescriptor>;
  runner: ProbeRunner;
  now: () => number;
  /** Called with every event as it is appended (the journal listens here). */
  onEvent?: (event: SessionEvent) => void;
  /** Allow credentials over unverified TLS or plain HTTP for this session's probes. */
  insecure?: boolean;
  /** DNS server (`IP[:PORT]`) for probes that resolve names and are given none. */
  resolver?: string;
  /** Progress of a running probe, for the UI. */
  onProgress?: (action: string) => void;
  /** Makes session ids; defaults to time + random. */
  newId?: () => string;
}

/** Where to start: a tree (its start node) or `tree#node`. */
export interface StartOptions {
  tree: string;
  node?: string;
  ticket?: string;
  operator?: string;
}

/** The slice of an XState actor the session uses, typed with our events. */
interface WalkSnapshot {
  value: unknown;
  context: WalkContext;
  hasTag(tag: string): boolean;
}
interface WalkActor {
  send(event: WalkEvent): void;
  getSnapshot(): WalkSnapshot;
  subscribe(listener: (snapshot: WalkSnapshot) => void): { unsubscribe(): void };
  stop(): void;
}

/** One step of the walk as it stands. */
export interface PathStep {
  at: number;
  /** State key, `tree/node`. */
  node: string;
  kind: 'question' | 'fix';
  /** The question (or the fix's title), placeholders filled. */
  text: string;
  answer: string;
  label: string;
  /** The answer was taken from a probe's classification. */
  byProbe?: boolean;
  /** The latest probe outcome at this question, if a probe ran. */
  probe?: ProbeOutcome;
}

const defaultId = (now: number) => `${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}-${Math.random().toString(36).slice(2, 8)}`;

export class Session {
  private readonly events: SessionEvent[] = [];
  private readonly secrets: Record<string, string> = {};
  private readonly machine: AnyStateMachine;
  private actor!: WalkActor;
  private running: Promise<ProbeOutcome | undefined> | undefined;
  private readonly listeners = new Set<() => void>();
  /** The answer given before the last `back`, pre-selected when the question shows again. */
  private previousAnswer: { node: string; answer: string } | undefined;

  private constructor(private readonly deps: SessionDeps) {
    this.machine = createWalkMachine(deps.compiled.config, {
      runner: deps.runner,
      now: deps.now,
      inputs: () => this.context().inputs,
      secrets: () => ({ ...this.secrets }),
      timeoutFor: (id) => deps.catalog.get(id)?.defaultTimeoutMs ?? 10_000,
      insecure: deps.insecure,
      resolver: deps.resolver,
      onProgress: deps.onProgress,
    });
  }

  /** Starts a new session at a tree's start (or a given node). */
  static start(deps: SessionDeps, opts: StartOptions): Session {
    const s = new Session(deps);
    const tree = deps.compiled.set.trees.get(opts.tree);
    if (!tree) throw new SessionError(`no tree "${opts.tree}"; trees: ${[...deps.compiled.set.trees.keys()].join(', ')}`);
    const node = opts.node === undefined || opts.node === 'start' ? tree.start : opts.node;
    if (!Object.hasOwn(tree.nodes, node)) throw new SessionError(`tree "${opts.tree}" has no node "${node}"`);
    const trees: Record<string, { version: number; hash: string }> = {};
    for (const t of deps.compiled.set.trees.values()) trees[t.id] = { version: t.version, hash: t.hash };
    const id = deps.newId?.() ?? defaultId(deps.now());
    s.append({ type: 'start', at: deps.now(), id, tree: opts.tree, node, ticket: opts.ticket, operator: opts.operator, trees });
    return s;
  }

  /** Restores a session from its snapshot (or journal events); secrets must be typed again. */
  static restore(deps: SessionDeps, snapshot: Pick<SessionSnapshot, 'events'>): Session {
    const s = new Session(deps);
    const first = snapshot.events[0];
    if (!first || first.type !== 'start') throw new SessionError('the session log does not begin with its start');
    s.events.push(...snapshot.events);
    s.replay();
    return s;
  }

  get id(): string {
    return (this.events[0] as Extract<SessionEvent, { type: 'start' }>).id;
  }

  get ticket(): string | undefined {
    return (this.events[0] as Extract<SessionEvent, { type: 'start' }>).ticket;
  }

  /** open until a fix is confirmed, an escalation is reached, or the session is abandoned. */
  get status(): SessionStatus {
    return effectiveEvents(this.events).findLast((e): e is Extract<SessionEvent, { type: 'end' }> => e.type === 'end')?.status ?? 'open';
  }

  /** Every event with its timestamp, including notes, backs and restarts. */
  history(): readonly SessionEvent[] {
    return this.events;
  }

  snapshot(): SessionSnapshot {
    return { format: 'eas-doctor/session', version: 1, id: this.id, events: structuredClone(this.events) };
  }

  /** The current step as a view model. */
  view(): StepView {
    const eff = effectiveEvents(this.events);
    const lastEnd = eff.findLast((e): e is Extract<SessionEvent, { type: 'end' }> => e.type === 'end');
    // Probes skipped since the walk last moved: the question is being answered by hand.
    const skipped = new Set<string>();
    for (let i = eff.length - 1; i >= 0; i--) {
      const e = eff[i]!;
      if (e.type === 'answer' || e.type === 'fix-result') break;
      if (e.type === 'probe-skipped') skipped.add(e.node);
    }
    return buildView({
      compiled: this.deps.compiled,
      catalog: this.deps.catalog,
      stateValue: this.actor.getSnapshot().value,
      context: this.context(),
      secrets: this.secrets,
      status: lastEnd?.status ?? 'open',
      running: this.running !== undefined,
      previous: this.previousAnswer,
      answered: eff.filter((e) => e.type === 'answer').length,
      skipped,
      lastEnd,
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The definition an input given now would be checked against: the current step's tree's, else the first tree's. */
  inputFor(name: string): InputDef | undefined {
    const v = this.view();
    return inputSource(this.deps.compiled.set, name, v.kind === 'end' ? undefined : v.tree.id)?.def;
  }

  /**
   * Gives an input (the view asks for it). Throws with the reason when the value does not fit.
   * The current step's tree defines it (its prompt, its format); the event records that tree,
   * so the echo shows the prompt that was asked.
   */
  input(name: string, value: string): void {
    const v = this.view();
    const src = inputSource(this.deps.compiled.set, name, v.kind === 'end' ? undefined : v.tree.id);
    if (!src) throw new SessionError(`no input "${name}" is asked here`);
    const { def, tree } = src;
    const problem = checkInput(def, value);
    if (problem) throw new SessionError(problem);
    if (def.secret) {
      this.secrets[name] = value;
      this.append({ type: 'input', at: this.deps.now(), name, secret: true, tree });
      return;
    }
    this.append({ type: 'input', at: this.deps.now(), name, value: value.trim(), tree });
  }

  /** Answers the current question with one of its answer keys. */
  answer(key: string, byProbe = false): void {
    const v = this.view();
    if (v.kind === 'input') throw new SessionError(`input "${v.input.name}" (${v.input.ask}) is needed before the next question; give it first`);
    if (v.kind !== 'question') throw new SessionError(`there is no question to answer now: the walk is at ${v.kind === 'end' ? 'its end' : `the ${v.kind === 'fix' ? 'fix' : 'escalation'} "${v.key.replace('/', '#')}"`}`);
    const offered = v.answers.find((a) => a.key === key);
    if (!offered) {
      const why = key === UNKNOWN_KEY ? `"I don't know" leads nowhere at "${v.node.id}" (${v.node.unknown === false ? 'its author turned it off' : v.node.probe ? 'its check ran, and the question has no "unknown:" route' : 'the question has no "unknown:" route'})` : `"${key}" is not an answer to "${v.node.id}"`;
      throw new SessionError(`${why}; answers: ${v.answers.map((a) => a.key).join(', ')}`);
    }
    if (offered.runsCheck && !offered.target) throw new SessionError(`"I don't know" at "${v.node.id}" runs its check first (dontKnow)`);
    this.cancelProbe();
    this.previousAnswer = undefined;
    const goto = questionAnswers(v.node).find((a) => a.key === key)!.goto;
    this.append({ type: 'answer', at: this.deps.now(), node: v.key, answer: key, ...(byProbe ? { byProbe } : {}), to: targetKey(this.deps.compiled.set, goto) });
  }

  /**
   * "I don't know". At a question whose check has not run, runs the check (it would know) and
   * resolves with its outcome: the answer it maps to is then suggested (`view().probe.suggested`).
   * Otherwise follows the question's `unknown:` route and resolves with undefined.
   */
  async dontKnow(): Promise<ProbeOutcome | undefined> {
    const v = this.view();
    const offered = v.kind === 'question' ? v.answers.find((a) => a.key === UNKNOWN_KEY) : undefined;
    if (v.kind !== 'question' || !offered?.runsCheck) {
      this.answer(UNKNOWN_KEY);
      return undefined;
    }
    if (v.probe?.missing.length) throw new SessionError(`"I don't know" runs the check, which needs ${v.probe.missing.map((i) => `"${i.name}" (${i.ask})`).join(', ')} first`);
    return this.runProbe();
  }

  /** Runs the current question's probe; resolves with its outcome (undefined if cancelled). */
  runProbe(): Promise<ProbeOutcome | undefined> {
    const v = this.view();
    if (v.kind !== 'question' || !v.probe) throw new SessionError('this question has no probe to run');
    if (v.probe.missing.length) throw new SessionError(`the probe needs ${v.probe.missing.map((i) => `"${i.name}"`).join(', ')} first`);
    if (this.running) return this.running;
    const key = v.key;
    const before = this.context().probes[key];
    this.actor.send({ type: 'PROBE.RUN' });
    this.notify();
    this.running = new Promise<ProbeOutcome | undefined>((resolve) => {
      const sub = this.actor.subscribe((snap) => {
        if (snap.hasTag('probing')) return;
        sub.unsubscribe();
        this.running = undefined;
        const outcome = snap.context.probes[key];
        if (outcome && outcome !== before) {
          this.append({ type: 'probe', at: this.deps.now(), node: key, outcome }, false);
          resolve(outcome);
        } else {
          this.notify();
          resolve(undefined);
        }
      });
    });
    return this.running;
  }

  /** Stops a running probe (Esc, back, Ctrl-C): it is aborted through its signal. */
  cancelProbe(): void {
    if (this.running) this.actor.send({ type: 'PROBE.CANCEL' });
  }

  /** Records that the user chose to answer by hand. */
  skipProbe(): void {
    const v = this.view();
    if (v.kind !== 'question' || !v.probe) throw new SessionError('this question has no probe to skip');
    this.cancelProbe();
    this.append({ type: 'probe-skipped', at: this.deps.now(), node: v.key });
  }

  /** The fix worked: the session ends resolved. */
  fixed(): void {
    const v = this.view();
    if (v.kind !== 'fix') throw new SessionError(`there is no fix to confirm (the walk is at a ${v.kind})`);
    this.append({ type: 'fix-result', at: this.deps.now(), node: v.key, result: 'resolved' });
  }

  /** The fix did not help: go on to its `unresolved` target (or end escalated). */
  notFixed(): void {
    const v = this.view();
    if (v.kind !== 'fix') throw new SessionError(`there is no fix to reject (the walk is at a ${v.kind})`);
    this.append({ type: 'fix-result', at: this.deps.now(), node: v.key, result: 'did-not-help', ...(v.node.unresolved ? { to: targetKey(this.deps.compiled.set, v.node.unresolved) } : {}) });
  }

  /** Undoes the last answer; the question shows again with that answer pre-selected. */
  back(): boolean {
    const eff = effectiveEvents(this.events);
    const last = [...eff].reverse().find((e) => e.type === 'answer' || e.type === 'fix-result');
    if (!last) return false;
    this.cancelProbe();
    this.previousAnswer = last.type === 'answer' ? { node: last.node, answer: last.answer } : undefined;
    this.append({ type: 'back', at: this.deps.now() });
    return true;
  }

  /** Back to the first question; inputs are kept. */
  restart(): void {
    this.cancelProbe();
    this.previousAnswer = undefined;
    this.append({ type: 'restart', at: this.deps.now() });
  }

  /** Adds a note at the current step. */
  note(text: string): void {
    const v = this.view();
    this.append({ type: 'note', at: this.deps.now(), node: ('key' in v ? v.key : undefined) ?? '', text });
  }

  /**
   * Marks a restored session as resumed: records the trees it now runs on (so a later resume
   * compares against these) and reopens it if it was abandoned.
   */
  markResumed(): void {
    const trees: Record<string, { version: number; hash: string }> = {};
    for (const t of this.deps.compiled.set.trees.values()) trees[t.id] = { version: t.version, hash: t.hash };
    this.append({ type: 'resume', at: this.deps.now(), trees });
  }

  /** Leaves the session unfinished on purpose. */
  abandon(): void {
    if (this.status !== 'open') return;
    this.cancelProbe();
    this.append({ type: 'end', at: this.deps.now(), status: 'abandoned' });
  }

  /** The inputs given so far (secrets excluded). */
  inputs(): Record<string, string> {
    return { ...this.context().inputs };
  }

  /**
   * The walk so far, as it stands after backs and restarts: each question answered, with
   * its filled text, the answer's label, and the probe outcome that gave it, if one did;
   * and each fix passed with "did not help".
   */
  path(): PathStep[] {
    const out: PathStep[] = [];
    const inputs = this.context().inputs;
    const set = this.deps.compiled.set;
    const probes = new Map<string, ProbeOutcome>();
    for (const e of effectiveEvents(this.events)) {
      if (e.type === 'probe') probes.set(e.node, e.outcome);
      if (e.type === 'fix-result') {
        const node = this.deps.compiled.nodes.get(e.node);
        out.push({ at: e.at, node: e.node, kind: 'fix', text: node?.kind === 'fix' ? fillText(node.title, inputs, treeInputs(set, node.tree)) : e.node, answer: e.result, label: e.result === 'resolved' ? 'Fixed it' : 'Did not help' });
      }
      if (e.type !== 'answer') continue;
      const node = this.deps.compiled.nodes.get(e.node);
      if (node?.kind !== 'question') continue;
      const label = answerLabel(node, e.answer);
      const probe = probes.get(e.node);
      out.push({
        at: e.at,
        node: e.node,
        kind: 'question',
        text: fillText(node.question, inputs, treeInputs(set, node.tree)),
        answer: e.answer,
        label: label !== undefined ? fillText(label, inputs, treeInputs(set, node.tree)) : e.answer,
        byProbe: e.byProbe === true,
        ...(probe ? { probe } : {}),
      });
    }
    return out;
  }

  private context(): WalkContext {
    return this.actor?.getSnapshot().context ?? { inputs: {}, probes: {} };
  }

  /** Journals, then applies: a step the journal could not take (disk full) is not taken. */
  private append(event: SessionEvent, replay = true): void {
    this.deps.onEvent?.(event);
    this.events.push(event);
    if (replay) this.replay();
    this.afterStep();
    this.notify();
  }

  /** Ends the session when the walk reaches an escalation or a confirmed fix. */
  private afterStep(): void {
    if (this.status !== 'open') return;
    const value = this.actor.getSnapshot().value;
    const key = topKey(value);
    const node = this.deps.compiled.nodes.get(key);
    // A question already answered, or a fix already tried, on the path that stands: going on would go round.
    const taken = node?.kind === 'question' ? 'answer' : node?.kind === 'fix' ? 'fix-result' : undefined;
    if (taken && effectiveEvents(this.events).some((e) => e.type === taken && e.node === key)) {
      const event: SessionEvent = { type: 'end', at: this.deps.now(), status: 'escalated', node: key, loop: true };
      this.deps.onEvent?.(event);
      this.events.push(event);
      return;
    }
    let status: Exclude<SessionStatus, 'open'> | undefined;
    if (key === RESOLVED) status = 'resolved';
    else if (key === UNRESOLVED || node?.kind === 'escalate') status = 'escalated';
    if (!status) return;
    const last = [...effectiveEvents(this.events)].reverse().find((e) => e.type === 'fix-result');
    const event: SessionEvent = { type: 'end', at: this.deps.now(), status, node: node ? key : last?.type === 'fix-result' ? last.node : undefined };
    this.deps.onEvent?.(event);
    this.events.push(event);
  }

  /** Rebuilds the machine state from the effective events. */
  private replay(): void {
    this.actor?.stop();
    const eff = effectiveEvents(this.events);
    const start = eff[0] as Extract<SessionEvent, { type: 'start' }>;
    const tree = this.deps.compiled.set.trees.get(start.tree);
    const key = tree ? targetKey(this.deps.compiled.set, { tree: start.tree, node: start.node }) : stateKey(start.tree, start.node);
    if (!this.deps.compiled.nodes.has(key)) throw new SessionError(`node "${start.tree}#${start.node}" no longer exists in the loaded trees`);
    const snapshot = this.machine.resolveState({ value: key, context: { inputs: {}, probes: {} } });
    this.actor = createActor(this.machine, { snapshot }).start() as unknown as WalkActor;
    for (const e of eff) {
      switch (e.type) {
        case 'input':
          if (!e.secret) this.actor.send({ type: 'INPUT', name: e.name, value: e.value ?? '' });
          break;
        case 'answer':
          this.actor.send({ type: 'ANSWER', key: e.answer });
          break;
        case 'probe':
          this.actor.send({ type: 'PROBE.RECORDED', outcome: e.outcome });
          break;
        case 'fix-result':
          this.actor.send({ type: e.result === 'resolved' ? 'FIX.RESOLVED' : 'FIX.UNRESOLVED' });
          break;
        default:
          break;
      }
    }
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
