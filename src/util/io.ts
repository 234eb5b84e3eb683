// The streams, environment, clock and working folder a run is given instead of `process`:
// the commands and the wizard take one, so tests run them without a terminal.
import type { Readable, Writable } from 'node:stream';

/** Streams, environment, clock and working folder for one command run. */
export interface CliIO {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => number;
}
