#!/usr/bin/env node
// The entry: real streams in, exit code out. Everything else lives in cli/main.ts.
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  now: Date.now,
});
