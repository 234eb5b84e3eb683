// What every command receives instead of touching `process`: tests run commands as tables.
import type { Readable, Writable } from 'node:stream';

/** Streams, environment, clock and working folder for one command run. */
export interface CliIO {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => number;
}

/** A command: parses its own arguments, returns the exit code. 0 ok, 1 problem found, 2 usage. */
export interface Command {
  summary: string;
  usage: string;
  /** Help for `COMMAND ARGS --help` when it depends on the arguments (a probe's own parameters). */
  help?(argv: string[]): string | undefined;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Thrown for bad arguments; main prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Writes a line to a stream. */
export function println(stream: Writable, text = ''): void {
  stream.write(text + '\n');
}
