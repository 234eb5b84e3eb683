// Reads many files, splitting big plain files into byte ranges read by worker threads. A range
// that starts inside a file is read with the file's first #Fields: layout; if an earlier
// range changed the layout, the lines before the range's own first directive are read again.
import { closeSync, existsSync, readSync, type Stats } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize } from 'node:v8';
import { importStore, newPart, SAMPLE_BYTES, sampleOfBytes } from './aggregate.js';
import { mergeParts, settle, shiftLines } from './merge.js';
import { parseFieldsDirective } from './fields.js';
import { notRegular } from './inputs.js';
import { runTask, type RangeControl, type ScanTask, type TaskResult } from './scan-task.js';
import { cores, dropEarlyWorker, isReady, startScanWorker, takeEarlyWorker, type ScanWorker } from './scan-worker.js';
import type { Cell, FileSummary, ScanPart, ScanResult } from './types.js';
import { NotRegularFileError, openRegularSync } from '../util/regular-file.js';

/** How to scan. */
export interface ScanOptions {
  since?: number;
  until?: number;
  signal?: AbortSignal;
  /** Worker threads to use; 0 or 1 reads on the calling thread. @default available cores, at most 4 */
  workers?: number;
  /** Below this many bytes in total, starting workers costs more than it saves. @default 32 MiB */
  parallelMinBytes?: number;
  /** Split plain files into byte ranges of this size even without workers (tests of the range logic). */
  splitBytes?: number;
  /** Labels for files in positions (the arguments as given); defaults to the path. */
  labels?: ReadonlyMap<string, string>;
  /** The worker thread's script (tests run from the sources, where there is none). @default dist/chunks/log-scan-worker.js */
  workerScript?: URL;
  /** With one file on two threads: the part of what is left that this thread keeps when the worker takes its range (tests). @default about half */
  mainShare?: number;
  /** User-and-device pairs tracked in detail; the requests of the others are counted in `untracked`. @default MAX_CELLS (20,000) */
  maxCells?: number;
  /** Count only this user's and/or device's requests (focus.ts). */
  only?: { user?: string; device?: string };
}

/** A file that could not be opened. */
export class LogReadError extends Error {
  override name = 'LogReadError';
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

interface FileInfo {
  path: string;
  label: string;
  bytes: number;
  gzip: boolean;
  /** The first #Fields: list, from the first 64 KiB. */
  header?: string;
  ino: number;
}

const HEAD_BYTES = 64 * 1024;
const headBuffer = Buffer.alloc(HEAD_BYTES);
const MIN_RANGE = 8 * 1024 * 1024;
/** Below this many bytes (to read, or left to read), a worker thread costs more than it saves. */
const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
/** Least a split-off range is worth, whatever PARALLEL_MIN_BYTES is set to. */
const MIN_SPLIT = 1024 * 1024;
/** About what a worker reads in the time it takes to serialize and move its result (bench/log-scan). */
const WORKER_TAIL_BYTES = 16 * 1024 * 1024;

/** The worker script next to the bundled code; undefined when running from TypeScript sources. */
function workerScript(): URL | undefined {
  for (const rel of ['./log-scan-worker.js', './chunks/log-scan-worker.js', '../chunks/log-scan-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** Opens, checks and reads the head of one file (see openRegularSync: a FIFO put in its place since it was listed is refused, not waited on). */
function inspect(file: string, label: string): FileInfo {
  let fd: number;
  let st: Stats;
  try {
    ({ fd, stat: st } = openRegularSync(file));
  } catch (err) {
    if (err instanceof NotRegularFileError) {
      if (err.kind === 'a folder') throw new LogReadError(label, 'EISDIR', `"${label}" is a folder; name the log files in it`);
      throw new LogReadError(label, err.code, notRegular(label, err.kind));
    }
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied: run as a user who can read it, or copy the file' : e.message;
    throw new LogReadError(label, e.code, `cannot open "${label}": ${why}`);
  }
  try {
    // One buffer for every file: 64 KiB per file, freed only when V8 gets round to it, was
    // hundreds of MB at a time for thousands of files.
    const head = headBuffer.subarray(0, readSync(fd, headBuffer, 0, Math.min(HEAD_BYTES, st.size), 0));
    const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    let header: string | undefined;
    if (!gzip) {
      const text = head.toString('latin1');
      const at = text.search(/^#Fields:/m);
      if (at >= 0) header = parseFieldsDirective(text.slice(at, text.indexOf('\n', at) >>> 0).replace(/\r$/, ''))?.text;
    }
    return { path: file, label, bytes: st.size, gzip, header: header === undefined ? undefined : shared(header), ino: st.ino };
  } finally {
    closeSync(fd);
  }
}

/** One string per distinct #Fields: list: thousands of files of one server hold the same. */
const headers = new Map<string, string>();
function shared(text: string): string {
  const known = headers.get(text);
  if (known !== undefined) return known;
  if (headers.size < 64) headers.set(text, text);
  return text;
}

/** Reads every file and merges what they say. Throws LogReadError for a file it cannot open. */
export async function scanFiles(files: readonly string[], opts: ScanOptions = {}): Promise<ScanResult> {
  const infos: FileInfo[] = [];
  for (const f of files) infos.push(inspect(f, opts.labels?.get(f) ?? f));
  const total = infos.reduce((n, f) => n + f.bytes, 0);
  const wanted = Math.max(1, Math.min(opts.workers ?? Math.min(cores(), 4), 16));
  const script = wanted > 1 && total >= (opts.parallelMinBytes ?? PARALLEL_MIN_BYTES) ? (opts.workerScript ?? workerScript()) : undefined;
  const lanes = script ? wanted : 1;

  const tasks: ScanTask[] = [];
  // One plain file and two threads, the usual case: this thread starts reading at once, and
  // the rest is split when the worker is up (it takes tens of milliseconds to start).
  const single = infos.length === 1 && !infos[0]!.gzip && lanes === 2 && !opts.splitBytes ? infos[0] : undefined;
  const rangeSize = opts.splitBytes ?? Math.max(MIN_RANGE, Math.ceil(total / lanes));
  for (const info of infos) {
    const pieces = info.gzip || (!script && !opts.splitBytes) ? 1 : Math.max(1, Math.ceil(info.bytes / rangeSize));
    const step = Math.ceil(info.bytes / pieces);
    for (let i = 0; i < pieces; i++) {
      tasks.push({
        id: tasks.length,
        file: info.path,
        label: info.label,
        gzip: info.gzip,
        start: i * step,
        end: i === pieces - 1 ? -1 : (i + 1) * step,
        layoutText: i === 0 ? undefined : info.header,
        // The #Fields: line in force where the range starts, if one is near (see lastFieldsBefore).
        searchBackTo: i === 0 ? undefined : 0,
        // Sample lines stay places in the file until a story quotes them (readSamples).
        sampleOffsets: !info.gzip,
        size: info.bytes,
        ino: info.ino,
        since: opts.since,
        until: opts.until,
        maxCells: opts.maxCells,
        only: opts.only,
      });
    }
  }

  const result: ScanResult = { ...newPart(), files: [], aborted: false, workers: 0, ranges: 0 };
  // Each file's results are merged as soon as they are in, and dropped: memory holds one
  // merged store, not one per file (10,000 small files took 1.5 GB when all waited for the end).
  const merger = new Merger(infos, tasks, result, opts.signal);
  if (script && single) {
    tasks.length = 1;
    tasks[0] = { ...tasks[0]!, end: -1 };
    const results = await runSplit(script, single, tasks, opts.parallelMinBytes ?? PARALLEL_MIN_BYTES, opts.mainShare, opts.signal);
    merger.plan(tasks);
    for (const t of tasks) void merger.take(t.id, results[t.id]);
  } else if (script && tasks.length > 1) await runInWorkers(script, tasks, lanes, (id, r) => merger.take(id, r), opts.signal);
  else {
    // The bin may have started a worker for this run (scan-worker.ts): it is not needed.
    dropEarlyWorker();
    await runHere(tasks, (id, r) => merger.take(id, r), opts.signal);
  }
  await merger.done();
  result.aborted ||= !!opts.signal?.aborted;
  result.ranges = tasks.length;
  result.workers = script && tasks.length > 1 ? Math.min(lanes, tasks.length) : 0;
  settle(result);
  const paths = new Map(infos.map((f) => [f.label, f.path]));
  Object.defineProperty(result, 'readSamples', { value: (cells: readonly Cell[]) => readSamples(cells, paths), enumerable: false });
  Object.defineProperty(result, 'pendingPeak', { value: merger.peak, enumerable: false });
  return result;
}

/**
 * What takes a task's result: resolves when the merges queued so far are done. The lanes on
 * this thread wait for it before reading on, or results pile up faster than they merge: a
 * small file reads in fewer microtask turns than it merges, so 20,000 of them held 5,000
 * cell stores at once (5-8 KB per file of peak memory).
 */
type Take = (id: number, r: TaskResult) => Promise<void>;

async function runHere(tasks: readonly ScanTask[], take: Take, signal?: AbortSignal): Promise<void> {
  for (const t of tasks) {
    if (signal?.aborted) break;
    await take(t.id, await runTask(t, signal));
  }
}

/**
 * Merges task results into the scan's result, each file's in file order (its ranges number
 * their lines after the earlier ones', and a range's head may have to be read again with the
 * layout an earlier range ended with), as soon as the ranges before it are in. A result is
 * dropped once merged.
 */
class Merger {
  private readonly waiting = new Map<number, TaskResult>();
  /** Per file: its tasks in order, the next one to merge, its summary so far. */
  private readonly files: { info: FileInfo; tasks: ScanTask[]; next: number; lineBase: number; header?: string; summary: FileSummary }[] = [];
  private readonly fileOf = new Map<number, number>();
  private chain: Promise<void> = Promise.resolve();
  /** The most results that waited at once (ScanResult.pendingPeak). */
  peak = 0;

  constructor(
    infos: readonly FileInfo[],
    tasks: readonly ScanTask[],
    private readonly result: ScanResult,
    private readonly signal?: AbortSignal,
  ) {
    for (const info of infos) {
      this.files.push({ info, tasks: [], next: 0, lineBase: 0, summary: { path: info.label, bytes: info.bytes, gzip: info.gzip, lines: 0, requests: 0, garbage: 0, warnings: [] } });
    }
    this.plan(tasks);
  }

  /** Assigns tasks to their files (again, when a split added one). */
  plan(tasks: readonly ScanTask[]): void {
    const index = new Map(this.files.map((f, i) => [f.info.path, i]));
    for (const f of this.files) f.tasks = [];
    for (const t of tasks) {
      const i = index.get(t.file)!;
      this.files[i]!.tasks.push(t);
      this.fileOf.set(t.id, i);
    }
  }

  /** A task's result (undefined: it was not run, after an abort); resolves when the merges queued so far are done. */
  take(id: number, r: TaskResult | undefined): Promise<void> {
    if (r === undefined) return this.chain;
    if (r.aborted) this.result.aborted = true;
    this.waiting.set(id, r);
    this.peak = Math.max(this.peak, this.waiting.size);
    const file = this.fileOf.get(id)!;
    this.chain = this.chain.then(() => this.pump(file));
    return this.chain;
  }

  /** Waits for every merge, then lists the files in the order given. */
  async done(): Promise<void> {
    await this.chain;
    for (const f of this.files) this.result.files.push(f.summary);
  }

  private async pump(file: number): Promise<void> {
    const f = this.files[file]!;
    for (let task = f.tasks[f.next]; task !== undefined; task = f.tasks[f.next]) {
      const r = this.waiting.get(task.id);
      if (r === undefined) return;
      this.waiting.delete(task.id);
      f.next++;
      // Parts merge in file order: "failures after the last success" is exact only then.
      const parts: ScanPart[] = [r.part];
      if (r.prefix) {
        if (f.header === r.startLayout || r.prefix.requests + r.prefix.garbage + r.prefix.nonEas === 0) parts.unshift(r.prefix);
        else {
          // An earlier range changed the layout: read this range's head again with it.
          const end = r.firstHeaderOffset >= 0 ? r.firstHeaderOffset : task.end;
          const redo = await runTask({ ...task, end, layoutText: f.header, searchBackTo: undefined }, this.signal);
          parts.unshift(redo.prefix ?? redo.part);
        }
      }
      const summary = f.summary;
      for (const p of parts) {
        shiftLines(p, f.lineBase);
        summary.lines += p.lines;
        summary.requests += p.requests;
        summary.garbage += p.garbage;
        mergeParts(this.result, p);
      }
      // Ranges of one file may each see it change: say so once.
      for (const w of r.warnings) if (!summary.warnings.includes(w)) summary.warnings.push(w);
      f.lineBase += r.lineCount;
      if (r.lastHeader !== undefined) f.header = r.lastHeader;
      else if (task.start === 0) f.header = undefined;
    }
  }
}

/** The most readSamples reads at once: the samples near the one it needs come with it... */
const SAMPLE_WINDOW = 64 * 1024;
/** ...when they are no further apart than this (a read of bytes that no sample needs costs more than a second read). */
const SAMPLE_GAP = 4096;

/**
 * Reads the text of the cells' samples kept as places in a file (see cell-store.ts Sample), in
 * file order: one read for a run of samples close to each other, one small read for a sample
 * alone. A file that cannot be read again leaves them empty.
 */
function readSamples(cells: readonly Cell[], paths: ReadonlyMap<string, string>): void {
  const placed: Cell['samples'] = [];
  for (const cell of cells) for (const x of cell.samples) if (x.at !== undefined) placed.push(x);
  placed.sort((a, b) => (a.file === b.file ? a.at! - b.at! : a.file < b.file ? -1 : 1));
  const buf = Buffer.allocUnsafe(SAMPLE_WINDOW);
  let fd = -1;
  let file = '';
  let from = 0;
  let to = 0;
  try {
    for (let i = 0; i < placed.length; i++) {
      const x = placed[i]!;
      const at = x.at!;
      const len = Math.min(x.len ?? 0, SAMPLE_BYTES);
      x.at = x.len = undefined;
      try {
        if (x.file !== file) {
          if (fd >= 0) closeSync(fd);
          fd = -1;
          file = x.file;
          fd = openRegularSync(paths.get(file) ?? file).fd;
          from = to = 0;
        }
        if (at < from || at + len > to) {
          let end = at + len;
          for (let j = i + 1; j < placed.length && placed[j]!.file === file; j++) {
            const next = placed[j]!.at! + Math.min(placed[j]!.len ?? 0, SAMPLE_BYTES);
            if (next - at > buf.length || placed[j]!.at! - end > SAMPLE_GAP) break;
            end = Math.max(end, next);
          }
          from = at;
          to = at + readSync(fd, buf, 0, end - at, at);
        }
        x.text = sampleOfBytes(buf, at - from, Math.min(at + len, to) - from);
      } catch {
        from = to = 0;
      }
    }
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** A worker's result, with its parts' stores attached again. */
function received(bytes: ArrayBuffer): TaskResult {
  const r = deserialize(Buffer.from(bytes)) as TaskResult;
  if (r.stores?.part) importStore(r.part, r.stores.part);
  if (r.stores?.prefix && r.prefix) importStore(r.prefix, r.stores.prefix);
  r.stores = undefined;
  return r;
}

type WorkerReply = { ok: true; id: number; bytes: ArrayBuffer } | { ok: false; id: number; error: string };

/** The worker the bin started for this run, if any, else a new one. */
function startWorker(script: URL, name: string): ScanWorker {
  return takeEarlyWorker() ?? startScanWorker(script, name);
}

/**
 * Reads one plain file on this thread and one worker. This thread reads from the start at
 * once; as soon as the worker is up (checked between reads), what is left is split in two and
 * the worker reads the second half (pushed to `tasks`). Both then finish at about the same
 * time, however long the worker took to start: no time if the bin started it early
 * (scan-worker.ts). If this thread is nearly done by then, it reads alone.
 */
function runSplit(script: URL, info: FileInfo, tasks: ScanTask[], minBytes: number, mainShare: number | undefined, signal?: AbortSignal): Promise<(TaskResult | undefined)[]> {
  return new Promise((resolve, reject) => {
    const out: (TaskResult | undefined)[] = [];
    const first = tasks[0]!;
    const thread = startWorker(script, 'log-scan-0');
    const worker = thread.worker;
    let split = false;
    let mainDone = false;
    let workerDone = false;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (err) reject(err);
      else resolve(out);
    };
    const check = () => {
      if (mainDone && workerDone) finish();
    };
    const onAbort = () => finish();
    signal?.addEventListener('abort', onAbort, { once: true });
    const control: RangeControl = {
      pos: 0,
      poll: () => {
        if (split || !isReady(thread)) return;
        split = true;
        const left = info.bytes - control.pos;
        if (left < Math.max(minBytes, MIN_SPLIT)) {
          // Too little left to be worth a second range.
          void worker.terminate();
          workerDone = true;
          return;
        }
        // The worker also has to serialize and move its result: it takes a little less.
        const keep = mainShare === undefined ? Math.min(Math.ceil((left + WORKER_TAIL_BYTES) / 2), left - Math.ceil(left / 4)) : Math.ceil(left * Math.min(Math.max(mainShare, 0.01), 0.99));
        const at = control.pos + keep;
        control.end = at;
        first.end = at;
        // Its #Fields: list: the one this thread has read last (the file's first, if it has
        // read none yet), unless a later one lies between here and there (the worker looks
        // back for it).
        const second: ScanTask = { ...first, id: 1, start: at, end: -1, layoutText: control.header ?? info.header, searchBackTo: Math.max(0, control.pos - 64 * 1024) };
        tasks.push(second);
        worker.postMessage(second);
      },
    };
    worker.on('message', (reply: WorkerReply) => {
      if (!reply.ok) return finish(new Error(`reading ${info.label} failed: ${reply.error}`));
      void worker.terminate();
      out[reply.id] = received(reply.bytes);
      workerDone = true;
      check();
    });
    worker.on('error', (err) => finish(err));
    runTask(first, signal, control).then(
      (r) => {
        out[0] = r;
        mainDone = true;
        if (!split) {
          // The worker never got a range: it is not waited for.
          split = true;
          void worker.terminate();
          workerDone = true;
        }
        check();
      },
      (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

/**
 * Runs tasks on `lanes - 1` worker threads and on this thread: one isolate fewer than
 * `lanes` workers (each costs memory), and this thread has nothing else to do meanwhile.
 */
function runInWorkers(script: URL, tasks: readonly ScanTask[], lanes: number, take: Take, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const queue = [...tasks];
    const workers: ScanWorker['worker'][] = [];
    let running = 1;
    const here = async () => {
      for (let t = queue.shift(); t && !settled; t = queue.shift()) await take(t.id, await runTask(t, signal));
      if (--running === 0) finish();
    };
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => finish();
    signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: ScanWorker['worker']) => {
      const next = queue.shift();
      if (next) w.postMessage(next);
      else {
        // Its heap goes back to the system now, not when the slowest thread is done.
        void w.terminate();
        if (--running === 0) finish();
      }
    };
    for (let i = 0; i < Math.min(lanes, tasks.length) - 1; i++) {
      const w = startWorker(script, `log-scan-${i}`).worker;
      workers.push(w);
      running++;
      w.on('message', (reply: WorkerReply) => {
        if (!reply.ok) return finish(new Error(`reading ${tasks[reply.id]?.label ?? 'a log'} failed: ${reply.error}`));
        // Next task or end of the thread first: a finished worker's heap is freed while
        // this thread builds the result.
        feed(w);
        if (!settled) void take(reply.id, received(reply.bytes));
      });
      w.on('error', (err) => finish(err));
      feed(w);
    }
    here().catch((err: unknown) => finish(err instanceof Error ? err : new Error(String(err))));
  });
}

/** The label of a file in messages: relative to cwd when shorter. */
export function labelFor(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}
