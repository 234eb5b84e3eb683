// What every command receives instead of touching `process`: tests run commands as tables.
import type { Writable } from 'node:stream';
import type { CliIO } from '../util/io.js';
import { safeJson, safeText } from '../util/safe-text.js';

export type { CliIO } from '../util/io.js';

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

/**
 * Writes a line to a stream: the one place plain-text CLI output reaches the terminal, so every
 * control character in it (from a server, a log, a journal, a tree file) is shown as a visible
 * escape. Line feeds and tabs pass; a single-line field that must not break the line is made
 * safe with `safeText` where it is interpolated. Our own colours go through `printStyled`.
 */
export function println(stream: Writable, text = ''): void {
  stream.write(safeText(text, { newlines: true, tabs: true }) + '\n');
}

/**
 * Writes a line that carries our own styling (colours, line erasing): `parts` alternate between
 * trusted markup (even indexes) and text that is made safe (odd indexes).
 */
export function printStyled(stream: Writable, ...parts: string[]): void {
  stream.write(parts.map((p, i) => (i % 2 ? safeText(p, { tabs: true }) : p)).join('') + '\n');
}

/** Writes a value as indented JSON with every control and bidi character as a `\uXXXX` escape. */
export function printJson(stream: Writable, value: unknown): void {
  stream.write(safeJson(value) + '\n');
}
