// The journal: one JSON line per session event, written and fsync'd before the step returns,
// so a kill -9 loses at most the step in progress. Reading tolerates a torn last line.
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
    try {
      event = JSON.parse(line);
    } catch {
      event = undefined;
    }
    if (isEvent(event) && !torn) {
      events.push(event);
      goodBytes = offset + bytes + 1;
    } else if (line.trim() !== '') {
      problems.push(
        torn
          ? { kind: 'torn-line', line: i + 1, bytes, message: `line ${i + 1} was cut off while it was written (${bytes} bytes) and is ignored: the step in progress when the session stopped` }
          : { kind: 'bad-line', line: i + 1, bytes, message: `line ${i + 1} is not a session event and is ignored` },
      );
      if (!torn) goodBytes = offset + bytes + 1;
    } else if (!torn) goodBytes = offset + bytes + 1;
    offset += bytes + 1;
  }
  return { events, problems, goodBytes };
}

const TYPES = new Set(['start', 'input', 'answer', 'probe', 'probe-skipped', 'note', 'back', 'restart', 'fix-result', 'end']);

function isEvent(x: unknown): x is SessionEvent {
  return typeof x === 'object' && x !== null && TYPES.has((x as { type?: unknown }).type as string) && typeof (x as { at?: unknown }).at === 'number';
}

/** Appends events to one journal file: write, then fsync, per event. */
export class JournalWriter {
  private constructor(
    private readonly fs: JournalFs,
    private readonly fd: number,
    /** Runs over every event before it is written (the secret scrubber). */
    private readonly clean: (e: SessionEvent) => SessionEvent,
  ) {}

  /** Creates a new journal; fails if the file exists (ids never collide silently). */
  static create(fs: JournalFs, file: string, clean: (e: SessionEvent) => SessionEvent = (e) => e): JournalWriter {
    return new JournalWriter(fs, fs.openSync(file, 'ax', 0o600), clean);
  }

  /** Opens an existing journal for appending (cut a torn tail off first). */
  static append(fs: JournalFs, file: string, clean: (e: SessionEvent) => SessionEvent = (e) => e): JournalWriter {
    return new JournalWriter(fs, fs.openSync(file, 'a', 0o600), clean);
  }

  /** Writes one event as one line and waits for the disk. */
  write(event: SessionEvent): void {
    this.fs.writeSync(this.fd, JSON.stringify(this.clean(event)) + '\n');
    this.fs.fsyncSync(this.fd);
  }

  close(): void {
    this.fs.closeSync(this.fd);
  }
}
