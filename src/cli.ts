// The entry: real streams in, exit code out. Everything else lives in cli/main.ts. The build
// bundles it as CommonJS (dist/app.cjs, run by the bin dist/cli.js from a V8 code cache), so
// there is no top-level await here.
import { main } from './cli/main.js';

void main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  now: Date.now,
}).then((code) => {
  process.exitCode = code;
});
