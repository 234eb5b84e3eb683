// Starting the log reader's worker thread (log-scan-worker.ts), and starting it early: a
// worker takes 20-30 ms to start on an idle core, and 50-90 ms while this thread is reading
// and compiling its own hot code. The bin (scripts/launcher.mjs) starts one for `log` before it
// loads the CLI, so the worker is up by the time the first file is opened, and the file is
// split in two at once. This module has no imports of the reader: the launcher bundles it.
import os from 'node:os';
import { Worker } from 'node:worker_threads';

/** A worker thread of the log reader. */
export interface ScanWorker {
  worker: Worker;
  /**
   * The worker sets slot 0 to 1 when it can take a task. A reading thread checks it between
   * reads, without waiting for its event loop to deliver a message.
   */
  ready: Int32Array;
  /** An early worker that failed (or exited) before it was taken: not to be used. */
  failed?: boolean;
  /** Removes the early worker's own error listeners (takeEarlyWorker). */
  detach?: () => void;
}

/** What a worker reads from `workerData`. */
export interface ScanWorkerData {
  ready?: Int32Array;
}

const EARLY = Symbol.for('eas-doctor.early-log-scan-worker');

/** Starts a worker running `script` (dist/chunks/log-scan-worker.js). */
export function startScanWorker(script: URL, name: string): ScanWorker {
  const ready = new Int32Array(new SharedArrayBuffer(4));
  const data: ScanWorkerData = { ready };
  // Small young generations: the reader allocates little, and each isolate's heap counts in RSS.
  const worker = new Worker(script, { name, workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  return { worker, ready };
}

/** Whether the worker has said it can take a task. */
export function isReady(w: ScanWorker): boolean {
  return Atomics.load(w.ready, 0) === 1;
}

/**
 * Whether `log` would read with more than one thread by default: more than one core, and
 * EAS_DOCTOR_LOG_WORKERS (see scan-files.ts ScanOptions.workers) not set to 0 or 1.
 */
export function wantsWorkers(env: NodeJS.ProcessEnv): boolean {
  const set = env.EAS_DOCTOR_LOG_WORKERS;
  if (set !== undefined && !(Number(set) > 1)) return false;
  return cores() > 1;
}

/** The cores this process may use. */
export function cores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Starts a worker for a `log` run that has not begun yet (the launcher). It does not keep the
 * process alive: a run that ends early (a usage error, a missing file) exits as it would
 * have. scan-files.ts takes it with `takeEarlyWorker`, or ends it when it reads alone.
 */
export function startEarlyWorker(script: URL): void {
  let w: ScanWorker;
  try {
    w = startScanWorker(script, 'log-scan-0');
  } catch {
    return; // the run starts its own, or reads on one thread
  }
  w.worker.unref();
  // Until it is taken nobody else listens: an error here would end the process.
  const failed = () => {
    w.failed = true;
  };
  w.worker.once('error', failed);
  w.worker.once('exit', failed);
  w.detach = () => {
    w.worker.off('error', failed);
    w.worker.off('exit', failed);
  };
  (globalThis as Record<symbol, unknown>)[EARLY] = w;
}

/** The worker `startEarlyWorker` started, once, if it is still good; it keeps the process alive again. */
export function takeEarlyWorker(): ScanWorker | undefined {
  const slot = globalThis as Record<symbol, ScanWorker | undefined>;
  const w = slot[EARLY];
  slot[EARLY] = undefined;
  if (w === undefined) return undefined;
  w.detach?.();
  if (w.failed) {
    void w.worker.terminate();
    return undefined;
  }
  w.worker.ref();
  return w;
}

/** Ends an early worker nobody took (a run that reads on one thread). */
export function dropEarlyWorker(): void {
  const w = takeEarlyWorker();
  if (w) void w.worker.terminate();
}
