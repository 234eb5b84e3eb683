// A command's declaration: the one place its arguments, options, help and completion come
// from (src/cli/program.ts turns it into the parser; src/cli/complete.ts completes from it).
import type { Command } from '../io.js';

/** What a shell completes for an argument or an option's value. */
export type CompleteKind = 'file' | 'dir' | 'tree' | 'probe' | 'session' | 'none';

/** One option. */
export interface OptionSpec {
  /** As the parser writes them: `--format <format>`, `-o, --output <file>`, `--no-color`. */
  flags: string;
  /** One line for --help. */
  doc: string;
  /** The values it takes; anything else is a usage error that lists them. */
  choices?: readonly string[];
  /** Repeatable: its values are collected into a list. */
  repeat?: boolean;
  /** What the shell completes for its value (choices complete themselves). */
  complete?: CompleteKind;
  /** Accepted but not listed (kept for a clear message, like --password). */
  hidden?: boolean;
}

/** One positional argument, for --help and completion (the command checks the count). */
export interface ArgumentSpec {
  /** `path...` for several, `tree` for one. */
  name: string;
  doc: string;
  complete?: CompleteKind;
}

/** One command. */
export interface CommandSpec {
  name: string;
  /** One line, for the command list. */
  summary: string;
  /** The usage line after "eas-doctor NAME". */
  usage: string;
  /** Paragraphs after the summary. */
  description?: string;
  args?: ArgumentSpec[];
  options: OptionSpec[];
  /** Text shown as it is after the options (a file format, say). */
  notes?: string;
  /** Example command lines. */
  examples: string[];
  /** Not listed in help (internal commands such as __complete). */
  hidden?: boolean;
  /** The implementation, loaded when the command runs. */
  load(): Promise<{ command: Command<never> }>;
}
