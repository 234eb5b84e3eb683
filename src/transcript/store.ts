// The session store: creates journaled sessions, lists them, loads them back and resumes them.
// Every front end (scripted run, terminal UI, resume) makes its sessions here, so every
// session is journaled the same way. One file per session: `<dataDir>/sessions/<id>.jsonl`.
import nodeFs from 'node:fs';
import path from 'node:path';
import { effectiveEvents, type SessionEvent, type SessionStatus } from '../session/events.js';
import { Session, SessionError, type SessionDeps, type StartOptions } from '../session/session.js';
import { NotRegularFileError, readRegularFileSync } from '../util/regular-file.js';
import { JournalWriter, readJournalText, type JournalFs, type JournalProblem } from './journal.js';
import { scrubSecrets } from './redact.js';
import { liveEvents, statusOf } from './live-events.js';
import type { TranscriptDeps } from './model.js';
import { viewOf } from './stand.js';
import { checkWalk, touchedTrees, treeChanges, type TreeChange } from './walk-check.js';
import { acquireSessionLock, type LockOptions, type SessionLock } from './session-lock.js';
import { compareText } from '../util/compare.js';

export { dataDirFor } from './data-dir.js';
export type { JournalFs, JournalProblem } from './journal.js';
export type { TreeChange } from './walk-check.js';
export { SessionLockedError, type LockOptions } from './session-lock.js';

/** What a session needs besides the journal hook, which the store adds. */
export type StoreDeps = Omit<SessionDeps, 'onEvent'>;

/** One line of `eas-doctor sessions`. */
export interface SessionSummary {
  id: string;
  ticket?: string;
  operator?: string;
  startedAt: number;
  /** The tree the session started in. */
  tree: string;
  status: SessionStatus;
  /** The last event, in a few words ("net/port-open: closed"); the fix's title when the walk stopped at one. */
  lastStep: { at: number; text: string };
  /** The fix the walk stopped at, waiting for its result (known when the list was given the trees). */
  fixProposed?: { node: string; title: string };
  events: number;
  problems: JournalProblem[];
  file: string;
}

/** A journal read back. */
export interface LoadedSession {
  id: string;
  file: string;
  events: SessionEvent[];
  /** Lines skipped on reading (a torn last line after a kill); never fatal. */
  problems: JournalProblem[];
  status: SessionStatus;
}

/** How a resumed session picks up. */
export type ResumeAction =
  /** Same trees, or changed trees the answers still fit: exactly where it stopped. */
  | 'continue'
  /** An answer no longer fits a changed tree: its question is asked again. */
  | 'ask-again'
  /** The walk no longer fits a changed tree: back to the first question, inputs kept. */
  | 'restart'
  /** The start node is gone: a new session in the same tree, same ticket and inputs. */
  | 'new-session'
  /** Not resumable: the session is resolved or escalated. */
  | 'closed';

export interface ResumeResult {
  session: Session;
  action: ResumeAction;
  /** Trees the session used that changed since it started. */
  changes: TreeChange[];
  /** Lines for the user: what changed and what the resume did about it. */
  messages: string[];
  problems: JournalProblem[];
}

/** A journal `sessions` cannot read as a session, and why: listed, never silently left out. */
export interface DamagedJournal {
  id: string;
  file: string;
  /** What is wrong, in words. */
  problem: string;
}

export interface SessionStore {
  /** The data directory. */
  readonly dir: string;
  /**
   * Every session in the data directory, newest first, and every journal that cannot be read.
   * Given the trees, an open or abandoned session that stopped at a fix says which.
   */
  scan(trees?: TranscriptDeps): Promise<{ sessions: SessionSummary[]; damaged: DamagedJournal[] }>;
  /** Starts a session whose every event is journaled (fsync'd) as it is appended. */
  create(deps: StoreDeps, start: StartOptions): Promise<Session>;
  /** Every session in the data directory, newest first (see scan). */
  list(trees?: TranscriptDeps): Promise<SessionSummary[]>;
  /** A session's events from its journal. Throws a clear message for an unknown id. */
  load(id: string): Promise<LoadedSession>;
  /**
   * Restores a session on today's trees and keeps journaling it. With `dryRun`, nothing is
   * written: the result says what a resume would do (its session is not journaled).
   */
  resume(id: string, deps: StoreDeps, opts?: { dryRun?: boolean }): Promise<ResumeResult>;
  /** The journal file of a session id. */
  fileFor(id: string): string;
  /**
   * Releases the locks this store took (`<id>.lock`, held from create or resume on, so no
   * other process writes the same session), or only the one of `id`.
   */
  release(id?: string): void;
}

export interface StoreOptions {
  dataDir: string;
  /** @default node:fs */
  fs?: JournalFs;
  /** For session ids. @default Date.now */
  now?: () => number;
  /** How session locks are taken (file calls, this process's pid and host, liveness check). */
  lock?: LockOptions;
}

/** Thrown for an unknown or malformed session id; the message lists what exists. */
export class StoreError extends Error {
  override name = 'StoreError';
  /** The session asked for does not exist (the CLI exits 2: missing input, not a problem found). */
  notFound = false;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function openSessionStore(opts: StoreOptions): SessionStore {
  const fs: JournalFs = opts.fs ?? (nodeFs as unknown as JournalFs);
  const now = opts.now ?? Date.now;
  const dir = path.join(opts.dataDir, 'sessions');
  const fileFor = (id: string) => {
    if (!ID.test(id)) throw new StoreError(`"${id}" is not a session id (letters, digits, ".", "_" and "-"); run "eas-doctor sessions" to list them`);
    return path.join(dir, `${id}.jsonl`);
  };
  const ensureDir = () => fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const locks = new Map<string, SessionLock>();
  /** Locks a session for this process before its journal is written; throws SessionLockedError. */
  const lock = (id: string) => {
    if (!locks.has(id)) locks.set(id, acquireSessionLock(id, path.join(dir, `${id}.lock`), opts.lock));
  };
  const release = (id?: string) => {
    for (const [k, l] of locks) {
      if (id !== undefined && k !== id) continue;
      l.release();
      locks.delete(k);
    }
  };
  const exists = (file: string) => {
    try {
      fs.statSync(file);
      return true;
    } catch {
      return false;
    }
  };
  const newId = () => {
    const day = new Date(now()).toISOString().slice(0, 10).replace(/-/g, '');
    for (;;) {
      const id = `${day}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
      if (!exists(fileFor(id))) return id;
    }
  };

  /** Wraps deps so every event goes to the journal, with any secret a probe saw scrubbed out. */
  const journaled = (deps: StoreDeps, open: (first: SessionEvent, clean: (e: SessionEvent) => SessionEvent) => JournalWriter): SessionDeps => {
    const secrets = new Set<string>();
    const clean = (e: SessionEvent) => scrubSecrets(e, secrets);
    let writer: JournalWriter | undefined;
    return {
      ...deps,
      runner: (id, params, ctx) => {
        for (const v of Object.values(ctx.secrets ?? {})) if (v) secrets.add(v);
        return deps.runner(id, params, ctx);
      },
      onEvent: (e) => {
        writer ??= open(e, clean);
        writer.write(e);
      },
    };
  };

  // A FIFO or device in the sessions folder must not block the process (the wizard's start
  // screen lists sessions: stuck in a read, it would answer no signal).
  const readText = (file: string) => (opts.fs ? fs.readFileSync(file, 'utf8') : readRegularFileSync(file));
  const load = async (id: string): Promise<LoadedSession> => {
    const file = fileFor(id);
    let text: string;
    try {
      text = readText(file);
    } catch (err) {
      if (err instanceof NotRegularFileError) throw new StoreError(`the journal of session "${id}" (${file}) is ${err.kind}, not a file; it cannot be read`);
      const known = listIds();
      throw Object.assign(new StoreError(`no session "${id}" in ${dir}${known.length ? `; sessions: ${known.slice(-5).join(', ')}${known.length > 5 ? ', ...' : ''}` : ''} (run "eas-doctor sessions")`), { notFound: true });
    }
    const read = readJournalText(text);
    if (read.events[0]?.type !== 'start') {
      const why = read.problems[0]?.line === 1 ? ` (${read.problems[0].message})` : text === '' ? ' (it is empty)' : '';
      throw new StoreError(`the journal ${file} does not begin with the session's start${why}; it cannot be read`);
    }
    return { id, file, events: read.events, problems: read.problems, status: statusOf(read.events) };
  };

  const listIds = (): string[] => {
    try {
      return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => f.slice(0, -'.jsonl'.length))
        .sort();
    } catch {
      return [];
    }
  };

  /** Every journal, each read on its own: one that cannot be read is listed as damaged. */
  const scan = async (trees?: TranscriptDeps) => {
    const sessions: SessionSummary[] = [];
    const damaged: DamagedJournal[] = [];
    for (const id of listIds()) {
      let file = path.join(dir, `${id}.jsonl`);
      try {
        file = fileFor(id);
        sessions.push(summarize(await load(id), trees));
      } catch (err) {
        damaged.push({ id, file, problem: err instanceof Error ? err.message : String(err) });
      }
    }
    sessions.sort((a, b) => b.startedAt - a.startedAt || compareText(a.id, b.id));
    return { sessions, damaged };
  };

  const create = async (deps: StoreDeps, start: StartOptions): Promise<Session> => {
    ensureDir();
    const d = journaled({ ...deps, newId: deps.newId ?? newId }, (first, clean) => {
      if (first.type !== 'start') throw new SessionError('a session journal must begin with its start');
      lock(first.id);
      return JournalWriter.create(fs, fileFor(first.id), clean);
    });
    return Session.start(d, start);
  };

  return {
    dir,
    fileFor,
    create,
    release,
    async list(trees) {
      return (await scan(trees)).sessions;
    },
    scan,
    load,
    async resume(id, deps, opts = {}) {
      const dry = opts.dryRun === true;
      const loaded = await load(id);
      const file = loaded.file;
      const goodBytes = readJournalText(readText(file)).goodBytes;
      let events = liveEvents(loaded.events);
      const start = events[0] as Extract<SessionEvent, { type: 'start' }>;
      // Compare with the trees of the latest resume, so a change is reported once, not at every resume.
      const lastResume = events.findLast((e): e is Extract<SessionEvent, { type: 'resume' }> => e.type === 'resume');
      const changes = treeChanges(lastResume ? { ...start, trees: { ...start.trees, ...lastResume.trees } } : start, touchedTrees(events), deps.compiled);
      const messages = changes.map(describeChange);
      const problems = loaded.problems;
      for (const p of problems) messages.unshift(`journal: ${p.message}`);

      const status = statusOf(events);
      if (status === 'resolved' || status === 'escalated') {
        const session = restoreOrExplain(deps, events);
        messages.push(`session ${id} is ${status}; there is nothing to resume (export it with "eas-doctor export ${id} --format md")`);
        return { session, action: 'closed', changes, messages, problems };
      }
      if (status === 'abandoned') {
        // Reopened: the abandon stays in the journal; the next step makes it history (liveEvents).
        events = events.filter((e) => !(e.type === 'end' && e.status === 'abandoned'));
        messages.push(`session ${id} was abandoned; it is reopened where it stopped`);
      }

      const check = checkWalk({ ...deps }, events);
      if (check.kind === 'start-gone') {
        // The walk cannot even begin where it began: a new session, same ticket and inputs.
        const startOpts = { tree: tree0(deps, start.tree), ticket: start.ticket, operator: start.operator };
        const session = dry ? Session.start(deps, startOpts) : await create(deps, startOpts);
        for (const e of effectiveEvents(events)) {
          if (e.type !== 'input' || e.secret || e.value === undefined) continue;
          try {
            session.input(e.name, e.value);
          } catch {
            // the input changed its format with the tree; it will be asked again
          }
        }
        session.note(`Continues session ${id}: its start node "${start.tree}#${start.node}" no longer exists in the trees.`);
        messages.push(`the node session ${id} started at ("${start.tree}#${start.node}") no longer exists; ${dry ? 'a resume starts a new session' : `started a new session ${session.id}`} in tree "${start.tree}" with the same ticket and inputs`);
        return { session, action: 'new-session', changes, messages, problems };
      }

      if (!dry) lock(id);
      // Cut a torn tail first, so the next step starts on a fresh line.
      if (!dry && problems.some((p) => p.kind === 'torn-line')) cutTail(fs, file, goodBytes);
      const d = dry ? deps : journaled(deps, (_first, clean) => JournalWriter.append(fs, file, clean));
      const session = Session.restore(d, { events });
      if (!dry) session.markResumed();
      let action: ResumeAction = 'continue';
      if (check.kind === 'diverged') {
        if (check.standsAtSameNode) {
          for (let i = 0; i < check.undo; i++) session.back();
          action = 'ask-again';
          messages.push(`${check.reason}; that question is asked again`);
        } else {
          session.restart();
          action = 'restart';
          messages.push(`${check.reason}; the walk restarts from the first question (inputs are kept)`);
        }
      } else if (changes.length) {
        messages.push('the answers so far still lead the same way; continuing from the same step');
      }
      if (changes.length) session.note(`Resumed on changed trees: ${changes.map(shortChange).join('; ')}.`);
      return { session, action, changes, messages, problems };
    },
  };
}

function cutTail(fs: JournalFs, file: string, goodBytes: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.ftruncateSync(fd, goodBytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function restoreOrExplain(deps: StoreDeps, events: SessionEvent[]): Session {
  try {
    return Session.restore(deps, { events });
  } catch (err) {
    throw new StoreError(`the session cannot be restored on today's trees: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function tree0(deps: StoreDeps, tree: string): string {
  if (deps.compiled.set.trees.has(tree)) return tree;
  throw new StoreError(`the tree "${tree}" this session used no longer exists; trees: ${[...deps.compiled.set.trees.keys()].join(', ')}`);
}

function summarize(s: LoadedSession, trees?: TranscriptDeps): SessionSummary {
  const start = s.events[0] as Extract<SessionEvent, { type: 'start' }>;
  const last = s.events[s.events.length - 1]!;
  const fixProposed = trees && (s.status === 'open' || s.status === 'abandoned') ? proposedFix(s.events, trees) : undefined;
  return {
    id: s.id,
    ticket: start.ticket,
    operator: start.operator,
    startedAt: start.at,
    tree: start.tree,
    status: s.status,
    lastStep: { at: last.at, text: fixProposed ? fixProposed.title : describeEvent(last) },
    ...(fixProposed ? { fixProposed } : {}),
    events: s.events.length,
    problems: s.problems,
    file: s.file,
  };
}

/** The fix an open (or abandoned) walk stands at, waiting for its result. */
function proposedFix(events: readonly SessionEvent[], trees: TranscriptDeps): SessionSummary['fixProposed'] {
  const v = viewOf(
    liveEvents(events).filter((e) => !(e.type === 'end' && e.status === 'abandoned')),
    trees,
  );
  return v?.kind === 'fix' ? { node: v.key, title: v.title } : undefined;
}

/** An event in a few words, for lists. */
export function describeEvent(e: SessionEvent): string {
  const ref = (key: string) => key.replace('/', '#');
  switch (e.type) {
    case 'start':
      return `started at ${e.tree}#${e.node}`;
    case 'input':
      return `input ${e.name}`;
    case 'answer':
      return `${ref(e.node)}: ${e.answer}${e.byProbe ? ' (probe)' : ''}`;
    case 'probe':
      return `${ref(e.node)}: ${e.outcome.probe} ${e.outcome.classification}`;
    case 'probe-skipped':
      return `${ref(e.node)}: probe skipped`;
    case 'note':
      return `note at ${e.node ? ref(e.node) : 'start'}`;
    case 'back':
      return 'back';
    case 'restart':
      return 'restart';
    case 'fix-result':
      return `${ref(e.node)}: ${e.result}`;
    case 'resume':
      return 'resumed';
    case 'end':
      return `${e.status}${e.node ? ` at ${ref(e.node)}` : ''}`;
  }
}

function describeChange(c: TreeChange): string {
  if (!c.now) return `tree "${c.tree}" (version ${c.recorded.version}) is no longer loaded`;
  return `tree "${c.tree}" changed since this session started: version ${c.recorded.version} -> ${c.now.version}, content ${c.recorded.hash.slice(0, 12)} -> ${c.now.hash.slice(0, 12)}`;
}

function shortChange(c: TreeChange): string {
  return c.now ? `${c.tree} v${c.recorded.version} (${c.recorded.hash.slice(0, 12)}) -> v${c.now.version} (${c.now.hash.slice(0, 12)})` : `${c.tree} v${c.recorded.version} removed`;
}
