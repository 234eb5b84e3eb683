// The bin starts `log`'s worker thread before it loads the CLI (scan-worker.ts); scan-files.ts
// takes it. A worker that failed before it was taken must not end the run, nor be used.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { dropEarlyWorker, isReady, startEarlyWorker, takeEarlyWorker, type ScanWorker } from '../../src/evidence/scan-worker.js';
import { tempDir } from './helpers.js';

const slot = () => (globalThis as Record<symbol, ScanWorker | undefined>)[Symbol.for('eas-doctor.early-log-scan-worker')];

afterEach(() => dropEarlyWorker());

describe('early log worker', () => {
  test('one that fails to start is dropped quietly; the run starts its own', async () => {
    startEarlyWorker(pathToFileURL(path.join(tempDir(), 'no-such-worker.mjs')));
    const w = slot()!;
    expect(w).toBeDefined();
    // Nobody but startEarlyWorker listens yet: without its listener this error would be uncaught.
    await new Promise((resolve) => w.worker.once('exit', resolve));
    expect(takeEarlyWorker()).toBeUndefined();
    expect(takeEarlyWorker()).toBeUndefined();
  });

  test('one that starts is taken once and says when it is ready', async () => {
    const script = path.join(tempDir(), 'ready-worker.mjs');
    writeFileSync(script, "import { workerData } from 'node:worker_threads';\nAtomics.store(workerData.ready, 0, 1);\nsetInterval(() => {}, 1000);\n");
    startEarlyWorker(pathToFileURL(script));
    const w = takeEarlyWorker()!;
    expect(w).toBeDefined();
    expect(takeEarlyWorker()).toBeUndefined();
    while (!isReady(w)) await new Promise((resolve) => setTimeout(resolve, 5));
    await w.worker.terminate();
  });
});
