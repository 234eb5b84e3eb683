// What every command receives instead of touching `process`: tests run commands as tables.
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

/**
 * A command's arguments as the parser left them: the positionals, and the options by their
 * camel-cased long name (`--data-dir` -> `dataDir`, `--no-color` -> `color: false`).
 */
export interface CommandInput<O> {
  args: string[];
  opts: O;
}

/** What every command that prints accepts (src/cli/specs/options.ts declares them). */
export interface OutputOptions {
  json?: boolean;
  /** false with --no-color. */
  color?: boolean;
}

/**
 * A command's implementation, loaded only when it runs; its declaration (name, arguments,
 * options, help) is in src/cli/specs/. Returns the exit code: 0 fine, 1 problems found,
 * 2 usage or missing input, 130 interrupted.
 */
export interface Command<O = Record<string, unknown>> {
  run(input: CommandInput<O>, io: CliIO): Promise<number>;
  /** Help for `COMMAND ARGS --help` when it depends on the arguments (a probe's own parameters). */
  help?(args: string[]): string | undefined;
}

/** Thrown for bad arguments; main prints it with a pointer to the command's help and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Writes a line to a stream. */
export function println(stream: Writable, text = ''): void {
  stream.write(text + '\n');
}
