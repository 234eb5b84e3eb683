// Worker thread entry: runs scan tasks sent by scan-files.ts. Bundled as its own entry point
// (dist/chunks/log-scan-worker.js) so the CLI can start it from the built files.
import { serialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { exportStore } from './aggregate.js';
import { runTask, type ScanTask } from './scan-task.js';
import type { ScanWorkerData } from './scan-worker.js';

parentPort?.on('message', (task: ScanTask) => {
  runTask(task).then(
    (result) => {
      // The stores stay in this thread's WeakMap unless they travel with the result.
      result.stores = { part: exportStore(result.part), prefix: result.prefix ? exportStore(result.prefix) : undefined };
      // Serialized here and moved, not cloned: the caller can end this thread (and free its
      // heap) before it builds its copy of the result.
      const bytes = serialize(result);
      const moved = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : new Uint8Array(bytes).buffer;
      parentPort?.postMessage({ ok: true, id: task.id, bytes: moved }, [moved as ArrayBuffer]);
    },
    (err: unknown) => parentPort?.postMessage({ ok: false, id: task.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
// Tells scan-files.ts the thread is running: it splits what is left of a file at that moment.
const ready = (workerData as ScanWorkerData | undefined)?.ready;
if (ready) Atomics.store(ready, 0, 1);
