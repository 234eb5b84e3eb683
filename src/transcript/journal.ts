// The journal: one JSON line per session event, written and fsync'd before the step returns,
// so a kill -9 loses at most the step in progress. Reading tolerates a torn last line.
import path from 'node:path';
import type { SessionEvent } from '../session/events.js';

/** The few synchronous file calls the journal uses; `node:fs` fits, tests may pass a fake. */
export interface JournalFs {
  mkdirSync(dir: string, opts: { recursive: true; mode?: number }): unknown;
  openSync(file: string, flags: string, mode?: number): number;
  writeSync(fd: number, text: string): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, len: number): void;
  closeSync(fd: number): void;
  readFileSync(file: string, encoding: 'utf8'): string;
  readdirSync(dir: string): string[];
  statSync(file: string): { size: number; mtimeMs: number };
}

/** A line that could not be read back, and why. */
export interface JournalProblem {
  kind: 'torn-line' | 'bad-line';
  /** 1-based line number. */
  line: number;
  /** Bytes of the line that was skipped. */
  bytes: number;
  message: string;
}

/** Events read from a journal, with the lines that had to be skipped. */
export interface JournalRead {
  events: SessionEvent[];
  problems: JournalProblem[];
  /** Byte length of the complete lines: where a torn tail starts (for truncating it). */
  goodBytes: number;
}

/** Parses a journal's text. Never throws: unreadable lines are skipped and reported. */
export function readJournalText(text: string): JournalRead {
  const events: SessionEvent[] = [];
  const problems: JournalProblem[] = [];
  const lines = text.split('\n');
  const endsClean = text.endsWith('\n') || text === '';
  let offset = 0;
  let goodBytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = i === lines.length - 1;
    const bytes = Buffer.byteLength(line, 'utf8');
    if (last && line === '') break;
    const torn = last && !endsClean;
    let event: unknown;
    let parsed = true;
    try {
      event = JSON.parse(line);
    } catch {
      parsed = false;
    }
    const wrong = parsed ? eventProblem(event) : 'it is not JSON';
    if (wrong === undefined && !torn) {
      events.push(event as SessionEvent);
      goodBytes = offset + bytes + 1;
    } else if (line.trim() !== '') {
      problems.push(
        torn
          ? { kind: 'torn-line', line: i + 1, bytes, message: `line ${i + 1} was cut off while it was written (${bytes} bytes) and is ignored: the step in progress when the session stopped` }
          : { kind: 'bad-line', line: i + 1, bytes, message: `line ${i + 1} is damaged and ignored: ${wrong}` },
      );
      if (!torn) goodBytes = offset + bytes + 1;
    } else if (!torn) goodBytes = offset + bytes + 1;
    offset += bytes + 1;
  }
  return { events, problems, goodBytes };
}

/**
 * The fields of each event type beyond `type` and `at`, as the journal writes them: `string`
 * required, `string?` optional, `boolean?`, `trees` (tree id ->
 * {version, hash}), `outcome` (a probe's result). A field of the wrong type would otherwise
 * travel on into lists and exports ("[object Object]" as a ticket, "s.replace is not a
 * function" from an export), so the line is reported as damaged instead.
 */
// Keyed by the event type union, so a new event type does not compile until its fields are here.
const FIELDS: Record<SessionEvent['type'], Record<string, 'string' | 'string?' | 'boolean?' | 'trees' | 'outcome'>> = {
  start: { id: 'string', tree: 'string', node: 'string', ticket: 'string?', operator: 'string?', trees: 'trees' },
  input: { name: 'string', value: 'string?', secret: 'boolean?', tree: 'string?' },
  answer: { node: 'string', answer: 'string', byProbe: 'boolean?', to: 'string?' },
  probe: { node: 'string', outcome: 'outcome' },
  'probe-skipped': { node: 'string' },
  note: { node: 'string?', text: 'string' },
  back: {},
  restart: {},
  'fix-result': { node: 'string', result: 'string', to: 'string?' },
  end: { status: 'string', node: 'string?', loop: 'boolean?' },
  resume: { trees: 'trees' },
};

const TYPES = new Set(Object.keys(FIELDS));
/** The values a field may only take. */
const ONE_OF: Record<string, Record<string, readonly string[]>> = { 'fix-result': { result: ['resolved', 'did-not-help'] }, end: { status: ['resolved', 'escalated', 'abandoned'] } };

/** The largest time a Date can hold (ms from 1970): beyond it, toISOString throws. */
const MAX_TIME = 8.64e15;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown) => String(JSON.stringify(v) ?? 'missing').slice(0, 40);

/** What is wrong with one field, or undefined. */
function fieldProblem(type: string, key: string, kind: string, v: unknown): string | undefined {
  if (v === undefined) return kind.endsWith('?') ? undefined : `a "${type}" event without its "${key}"`;
  const bad = `a "${type}" event whose "${key}" is ${shown(v)}`;
  switch (kind) {
    case 'string':
    case 'string?':
      if (typeof v !== 'string') return `${bad}, not text`;
      return ONE_OF[type]?.[key] && !ONE_OF[type][key].includes(v) ? `${bad}, not one of ${ONE_OF[type][key].join(', ')}` : undefined;
    case 'boolean?':
      return typeof v === 'boolean' ? undefined : `${bad}, not true or false`;
    case 'trees':
      if (!isObject(v)) return `${bad}, not the trees it used`;
      for (const [id, t] of Object.entries(v)) if (!isObject(t) || typeof t.version !== 'number' || typeof t.hash !== 'string') return `a "${type}" event whose tree "${id.slice(0, 40)}" is ${shown(t)}, not {version, hash}`;
      return undefined;
    case 'outcome':
      if (!isObject(v)) return `${bad}, not a probe's result`;
      for (const k of ['probe', 'classification', 'summary'] as const) if (typeof v[k] !== 'string') return `a "probe" event whose outcome has no text "${k}"`;
      if (!isObject(v.params) || (v.evidence !== undefined && !isObject(v.evidence))) return 'a "probe" event whose outcome has no "params" or "evidence" object';
      return typeof v.durationMs === 'number' && Number.isFinite(v.durationMs) ? undefined : 'a "probe" event whose outcome has no "durationMs"';
  }
  return undefined;
}

/** What is wrong with a parsed line as a session event, or undefined when it is one. */
function eventProblem(x: unknown): string | undefined {
  if (!isObject(x)) return 'it is not a JSON object';
  const e = x;
  if (typeof e.type !== 'string' || !TYPES.has(e.type)) return typeof e.type === 'string' ? `unknown event type "${e.type.slice(0, 40)}"` : 'it has no event type';
  if (typeof e.at !== 'number' || !Number.isFinite(e.at) || Math.abs(e.at) > MAX_TIME) return `its time ("at": ${shown(e.at)}) is not a valid time`;
  for (const [key, kind] of Object.entries(FIELDS[e.type as SessionEvent['type']])) {
    const wrong = fieldProblem(e.type, key, kind, e[key]);
    if (wrong) return wrong;
  }
  return undefined;
}

/**
 * Appends events to one journal file. Each event opens the file for appending, writes its
 * line, fsyncs and closes: nothing is buffered, and no descriptor outlives the step (the
 * wizard can hold many sessions over a day).
 */
export class JournalWriter {
  private constructor(
    private readonly fs: JournalFs,
    private readonly file: string,
    /** Runs over every event before it is written (the secret scrubber). */
    private readonly clean: (e: SessionEvent) => SessionEvent,
    /** The first write creates the file and fails if it exists: ids never collide silently. */
    private flags: 'ax' | 'a',
  ) {}

  /** A new journal; the first event creates the file. */
  static create(fs: JournalFs, file: string, clean: (e: SessionEvent) => SessionEvent = (e) => e): JournalWriter {
    return new JournalWriter(fs, file, clean, 'ax');
  }

  /** An existing journal, appended to (cut a torn tail off first). */
  static append(fs: JournalFs, file: string, clean: (e: SessionEvent) => SessionEvent = (e) => e): JournalWriter {
    return new JournalWriter(fs, file, clean, 'a');
  }

  /** Writes one event as one line and waits for the disk. */
  write(event: SessionEvent): void {
    const created = this.flags === 'ax';
    const fd = this.fs.openSync(this.file, this.flags, 0o600);
    this.flags = 'a';
    try {
      this.fs.writeSync(fd, JSON.stringify(this.clean(event)) + '\n');
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
    if (created) this.syncDir();
  }

  /** A new file survives a power cut only once its folder's entry is on disk too. */
  private syncDir(): void {
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(path.dirname(this.file), 'r');
      this.fs.fsyncSync(fd);
    } catch {
      // some systems (Windows) cannot fsync a folder; the file's own fsync is what they offer
    } finally {
      if (fd !== undefined) this.fs.closeSync(fd);
    }
  }
}
