// The entry: real streams in, exit code out. Everything else lives in cli/main.ts. The build
// bundles it as CommonJS (dist/app.cjs, run by the bin dist/cli.js from a V8 code cache), so
// there is no top-level await here.
import { main } from './cli/main.js';

// A reader that goes away (`eas-doctor log ... | head`) ends the output, not in a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? (process.exitCode ?? 0) : 1));
}

void main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  now: Date.now,
}).then((code) => {
  process.exitCode = code;
  // Exit now, once the output is flushed (pipes are asynchronous on some systems), rather
  // than when the event loop drains: Node's teardown of the heaps and of a finished worker
  // thread took 60-100 ms after `log` read a 400 MB file (bench/log-scan).
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
