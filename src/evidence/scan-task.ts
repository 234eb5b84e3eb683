// Reads one file, or one byte range of a plain file, into a scan part. Runs on the calling
// thread or inside a worker (log-scan-worker.ts): the task and its result are plain data.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { newPart } from './aggregate.js';
import { layoutFromFields } from './fields.js';
import { LineScanner } from './line-scanner.js';
import type { ScanPart } from './types.js';

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
}

/** What a task read. `prefix` holds the lines before the range's first `#Fields:` directive. */
export interface TaskResult {
  id: number;
  part: ScanPart;
  prefix: ScanPart | null;
  lastHeader?: string;
  firstHeaderOffset: number;
  /** Lines that start in the range: later ranges number their lines after these. */
  lineCount: number;
  warnings: string[];
  aborted: boolean;
}

/** Small enough for the young generation: the decoded chunk string dies young and cheaply. */
const CHUNK = 64 * 1024;
/** Plain files are read in place into the scanner's buffer: fewer, larger reads. */
const READ_CHUNK = 256 * 1024;
const YIELD_EVERY = 8 * 1024 * 1024;

/** Runs one task. Stops early, with `aborted`, when `signal` aborts. */
export async function runTask(task: ScanTask, signal?: AbortSignal): Promise<TaskResult> {
  const ranged = task.start > 0;
  const main = newPart();
  const prefix = ranged ? newPart() : null;
  const scanner = new LineScanner({
    file: task.label,
    layout: task.layoutText !== undefined ? layoutFromFields(task.layoutText) : undefined,
    since: task.since,
    until: task.until,
    startOffset: ranged ? task.start - 1 : 0,
    skipFirstLine: ranged,
    stopAt: task.end >= 0 ? task.end : undefined,
    onFirstHeader: () => {
      scanner.part = main;
    },
  });
  scanner.part = prefix ?? main;
  const warnings: string[] = [];
  let aborted = false;
  try {
    if (task.gzip) aborted = await readGzip(task, scanner, signal);
    else aborted = await readPlain(task, scanner, signal);
  } catch (err) {
    warnings.push(readProblem(task, err, scanner.lineNo));
  }
  scanner.finish();
  return {
    id: task.id,
    part: main,
    prefix,
    lastHeader: scanner.lastHeader,
    firstHeaderOffset: scanner.firstHeaderOffset,
    lineCount: scanner.lineNo,
    warnings,
    aborted,
  };
}

async function readPlain(task: ScanTask, scanner: LineScanner, signal?: AbortSignal): Promise<boolean> {
  // Synchronous reads: an await per 64 KiB chunk costs more than the parsing. The loop yields
  // to the event loop every few MiB so an abort (Ctrl-C, a probe deadline) is still seen.
  const fd = openSync(task.file, 'r');
  try {
    let pos = task.start > 0 ? task.start - 1 : 0;
    let sinceYield = 0;
    for (;;) {
      if (signal?.aborted) return true;
      // Straight into the scanner's work buffer, after the unfinished line: no copy.
      const bytesRead = readSync(fd, scanner.space(READ_CHUNK), scanner.fill, READ_CHUNK, pos);
      if (bytesRead === 0) return false;
      pos += bytesRead;
      if (!scanner.pushed(bytesRead)) return false;
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

async function readGzip(task: ScanTask, scanner: LineScanner, signal?: AbortSignal): Promise<boolean> {
  const stream = createReadStream(task.file, { highWaterMark: CHUNK }).pipe(createGunzip({ chunkSize: CHUNK }));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) return true;
      if (!scanner.push(chunk)) return false;
    }
    return false;
  } finally {
    stream.destroy();
  }
}

function readProblem(task: ScanTask, err: unknown, lineNo: number): string {
  const e = err as NodeJS.ErrnoException;
  const where = `${task.label}${lineNo > 0 ? ` after line ${lineNo}` : ''}`;
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message)) {
    return `${where}: the gzip file is truncated; the lines before the cut were read`;
  }
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) return `${where}: gzip data is corrupt (${e.message}); the rest of the file was skipped`;
  return `${where}: ${e.message}`;
}
