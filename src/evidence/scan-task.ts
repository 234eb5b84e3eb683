// Reads one file, or one byte range of a plain file, into a scan part. Runs on the calling
// thread or inside a worker (log-scan-worker.ts): the task and its result are plain data.
import { closeSync, createReadStream, fstatSync, readSync, statSync } from 'node:fs';
import { NotRegularFileError, openRegularSync } from '../util/regular-file.js';
import { createGunzip } from 'node:zlib';
import { newPart } from './aggregate.js';
import { layoutFromFields, parseFieldsDirective } from './fields.js';
import { LineScanner } from './line-scanner.js';
import type { ScanPart } from './types.js';
import type { StoreData } from './cell-store.js';

/** What to read. */
export interface ScanTask {
  id: number;
  file: string;
  /** Name used in positions (the argument as given). */
  label: string;
  gzip: boolean;
  /** First byte of the range; lines that start in [start, end) belong to it. */
  start: number;
  /** Exclusive; -1 for the end of the file. */
  end: number;
  /** The `#Fields:` list in force at `start` (a range inside a file). */
  layoutText?: string;
  since?: number;
  until?: number;
  /**
   * A range split off while another thread reads the bytes before it: look back from `start`
   * (no further than this offset, nor LOOK_BACK) for the last `#Fields:` line, which wins over
   * `layoutText` (what the other thread knew when it split).
   */
  searchBackTo?: number;
  /** Keep sample lines as offsets (a plain file; scan-files.ts reads the ones a story quotes). */
  sampleOffsets?: boolean;
  /** The file's size and inode when it was listed: a file that shrinks or is replaced while it is read is a warning. */
  size?: number;
  ino?: number;
  /** User-and-device pairs tracked in detail (cell-store.ts MAX_CELLS). */
  maxCells?: number;
  /** Count only this user's and/or device's requests (focus.ts). */
  only?: { user?: string; device?: string };
}

/**
 * What a task read. `prefix` holds the lines before the range's first `#Fields:` directive.
 * The requests of both parts are left in their stores (aggregate.ts), not settled into cells:
 * scan-files.ts merges the stores and settles once.
 */
export interface TaskResult {
  id: number;
  part: ScanPart;
  prefix: ScanPart | null;
  lastHeader?: string;
  /** The `#Fields:` list the range started with (the task's, or the one found looking back). */
  startLayout?: string;
  firstHeaderOffset: number;
  /** Lines that start in the range: later ranges number their lines after these. */
  lineCount: number;
  warnings: string[];
  aborted: boolean;
  /** The parts' stores, when the result crosses threads (log-scan-worker.ts). */
  stores?: { part?: StoreData; prefix?: StoreData };
}

/**
 * Lets the thread that runs a task move its end while it reads: `pos` is how far it has read
 * (absolute offset); setting `end` (beyond `pos`) leaves the rest of the file to another range.
 */
export interface RangeControl {
  pos: number;
  end?: number;
  /** The last `#Fields:` list read so far. */
  header?: string;
  /** Called before each read (of READ_CHUNK bytes): it may set `end`. */
  poll?: () => void;
}

/** Small enough for the young generation: the decoded chunk string dies young and cheaply. */
const CHUNK = 64 * 1024;
/** Plain files are read in place into the scanner's buffer: fewer, larger reads. */
const READ_CHUNK = 256 * 1024;
const YIELD_EVERY = 8 * 1024 * 1024;

/**
 * Gzip expansion caps. IIS logs compress about 10-20:1 (a very repetitive one perhaps 30:1);
 * deflate's limit is about 1032:1, one log line repeated compresses about 250:1. Past the first GZIP_RATIO_AFTER expanded bytes, a file that
 * expands more than GZIP_MAX_RATIO:1 (a gzip bomb: 6 MB becoming 6 GiB) or beyond GZIP_MAX_BYTES
 * is read no further, with a warning.
 */
export const GZIP_MAX_RATIO = 100;
export const GZIP_RATIO_AFTER = 64 * 1024 * 1024;
export const GZIP_MAX_BYTES = 16 * 1024 * 1024 * 1024;

/** Runs one task. Stops early, with `aborted`, when `signal` aborts. */
export async function runTask(task: ScanTask, signal?: AbortSignal, control?: RangeControl): Promise<TaskResult> {
  const ranged = task.start > 0;
  const main = newPart();
  const prefix = ranged ? newPart() : null;
  const startLayout = (ranged && !task.gzip && task.searchBackTo !== undefined ? lookBack(task.file, task.start, task.searchBackTo) : undefined) ?? task.layoutText;
  const scanner = new LineScanner({
    file: task.label,
    layout: startLayout !== undefined ? layoutFromFields(startLayout) : undefined,
    since: task.since,
    until: task.until,
    startOffset: ranged ? task.start - 1 : 0,
    skipFirstLine: ranged,
    stopAt: task.end >= 0 ? task.end : undefined,
    keepStores: true,
    sampleOffsets: task.sampleOffsets === true && !task.gzip,
    maxCells: task.maxCells,
    only: task.only,
    onFirstHeader: () => {
      scanner.part = main;
    },
  });
  scanner.part = prefix ?? main;
  const warnings: string[] = [];
  let aborted = false;
  try {
    if (task.gzip) aborted = await readGzip(task, scanner, warnings, signal);
    else aborted = await readPlain(task, scanner, warnings, signal, control);
  } catch (err) {
    warnings.push(readProblem(task, err, scanner.lineNo));
  }
  if (!aborted) changedWhileRead(task, scanner.lineNo, warnings);
  scanner.finish();
  return {
    id: task.id,
    part: main,
    prefix,
    lastHeader: scanner.lastHeader,
    startLayout,
    firstHeaderOffset: scanner.firstHeaderOffset,
    lineCount: scanner.lineNo,
    warnings,
    aborted,
  };
}

/** How far back a split-off range looks for its `#Fields:` line; beyond, the redo path in scan-files.ts is exact. */
const LOOK_BACK = 32 * 1024 * 1024;
const FIELDS = Buffer.from('#Fields:', 'latin1');

/**
 * The `#Fields:` list of the last directive line that starts before `start` and at or after
 * `bound` (and within LOOK_BACK), read backwards in 1 MiB steps; undefined if there is none.
 */
export function lastFieldsBefore(file: string, start: number, bound: number): string | undefined {
  const { fd } = openRegularSync(file);
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    const floor = Math.max(0, bound, start - LOOK_BACK);
    // Windows [from, end) read backwards; a match must start in [lo, start) and at a line
    // start (the byte before it, at from = lo - 1, is a newline). A directive that starts
    // just before `start` may run past it, so the first window ends a little after `start`.
    let end = start + FIELDS.length - 1;
    while (end > floor) {
      const lo = Math.max(floor, end - buf.length + 1);
      const from = lo > 0 ? lo - 1 : 0;
      const view = buf.subarray(0, readSync(fd, buf, 0, end - from, from));
      // Each "#" (rare in a log line; found with memrchr), then the rest of "#Fields:": a
      // search for the whole word took four times as long as reading the bytes (16 of 20 ms
      // for 32 MiB, on every run that splits a file between threads).
      for (let i = view.lastIndexOf(0x23); i >= 0; i = i > 0 ? view.lastIndexOf(0x23, i - 1) : -1) {
        const at = from + i;
        if (at >= start || at < lo || (at > 0 && view[i - 1] !== 10) || i + FIELDS.length > view.length || !FIELDS.equals(view.subarray(i, i + FIELDS.length))) continue;
        const line = Buffer.allocUnsafe(64 * 1024);
        const text = line.toString('latin1', 0, readSync(fd, line, 0, line.length, at));
        const nl = text.indexOf('\n');
        return parseFieldsDirective((nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, ''))?.text;
      }
      if (lo <= floor) break;
      // The next window overlaps this one by a directive's length, for a match across the step.
      end = lo + FIELDS.length - 1;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** lastFieldsBefore, or nothing when the file cannot be read there (the read that follows will say why). */
function lookBack(file: string, start: number, bound: number): string | undefined {
  try {
    return lastFieldsBefore(file, start, bound);
  } catch {
    return undefined;
  }
}

async function readPlain(task: ScanTask, scanner: LineScanner, warnings: string[], signal?: AbortSignal, control?: RangeControl): Promise<boolean> {
  // Synchronous reads: an await per 64 KiB chunk costs more than the parsing. The loop yields
  // to the event loop every few MiB so an abort (Ctrl-C, a probe deadline) is still seen.
  // Listed as a regular file, but it may have been swapped since: never a blocking open.
  const { fd } = openRegularSync(task.file);
  try {
    let pos = task.start > 0 ? task.start - 1 : 0;
    let sinceYield = 0;
    for (;;) {
      if (signal?.aborted) return true;
      if (control) {
        control.poll?.();
        if (control.end !== undefined) scanner.stopAt(control.end);
      }
      // Straight into the scanner's work buffer, after the unfinished line: no copy.
      const bytesRead = readSync(fd, scanner.space(READ_CHUNK), scanner.fill, READ_CHUNK, pos);
      if (bytesRead === 0) {
        // The end of the file: one fstat per range, no per-line work. A file cut below what
        // was read, or below its listed size, while it was read.
        const size = fstatSync(fd).size;
        if (size < pos || (task.size !== undefined && size < task.size && (task.end < 0 || pos < task.end))) {
          warnings.push(`${where(task, scanner.lineNo)}: the file shrank from ${task.size ?? pos} to ${size} bytes while it was read (truncated or rotated?); the lines before byte ${Math.min(pos, size)} were read, run again for the rest`);
        }
        return false;
      }
      pos += bytesRead;
      const more = scanner.pushed(bytesRead);
      if (control) {
        control.pos = pos;
        control.header = scanner.lastHeader;
      }
      if (!more) return false;
      sinceYield += bytesRead;
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function readGzip(task: ScanTask, scanner: LineScanner, warnings: string[], signal?: AbortSignal): Promise<boolean> {
  const input = createReadStream('', { fd: openRegularSync(task.file).fd, highWaterMark: CHUNK });
  const stream = input.pipe(createGunzip({ chunkSize: CHUNK }));
  let expanded = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) return true;
      // One comparison per 64 KiB chunk (input.bytesRead runs ahead of the inflater by at most
      // a chunk or two: the ratio is, if anything, understated).
      expanded += chunk.length;
      if (expanded > GZIP_RATIO_AFTER && (expanded > GZIP_MAX_BYTES || expanded > GZIP_MAX_RATIO * input.bytesRead)) {
        const cap = expanded > GZIP_MAX_BYTES ? `the ${mib(GZIP_MAX_BYTES)} cap` : `the ${GZIP_MAX_RATIO}:1 cap`;
        warnings.push(`${where(task, scanner.lineNo)}: the gzip file expands beyond ${cap} (${mib(expanded)} from ${mib(input.bytesRead)}; a gzip bomb or not an IIS log?); reading stopped there, the lines before were read`);
        return false;
      }
      if (!scanner.push(chunk)) return false;
    }
    return false;
  } finally {
    stream.destroy();
  }
}

function mib(bytes: number): string {
  return bytes >= 1 << 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function where(task: ScanTask, lineNo: number): string {
  return `${task.label}${lineNo > 0 ? ` after line ${lineNo}` : ''}`;
}

/** A file replaced (another inode at its path) while it was read: the report mixes or misses lines. */
function changedWhileRead(task: ScanTask, lineNo: number, warnings: string[]): void {
  if (task.ino === undefined) return;
  let ino: number | undefined;
  try {
    ino = statSync(task.file).ino;
  } catch {
    ino = undefined;
  }
  if (ino !== task.ino) warnings.push(`${where(task, lineNo)}: the file was ${ino === undefined ? 'removed' : 'replaced'} while it was read (rotated?); this report may miss or mix lines, run again`);
}

function readProblem(task: ScanTask, err: unknown, lineNo: number): string {
  const e = err as NodeJS.ErrnoException;
  const at = where(task, lineNo);
  if (err instanceof NotRegularFileError) return `${at}: it is now ${err.kind}, not a regular file (replaced after it was listed?); it was not read`;
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message)) {
    return `${at}: the gzip file is truncated; the lines before the cut were read`;
  }
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) return `${at}: gzip data is corrupt (${e.message}); the rest of the file was skipped`;
  return `${at}: ${e.message}`;
}
