// Worker thread entry: runs scan tasks sent by scan-files.ts. Bundled as its own entry point
// (dist/chunks/log-scan-worker.js) so the CLI can start it from the built files.
import { parentPort } from 'node:worker_threads';
import { runTask, type ScanTask } from './scan-task.js';

parentPort?.on('message', (task: ScanTask) => {
  runTask(task).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (err: unknown) => parentPort?.postMessage({ ok: false, id: task.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
