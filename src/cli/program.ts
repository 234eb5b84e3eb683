// The parser, built from the commands' declarations (specs/) with commander: help, version,
// typo suggestions and option parsing come from one declaration per command. Output goes to
// the streams it is given; it never exits the process.
import { Command as Parser, Option } from 'commander';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import type { CommandSpec, OptionSpec } from './specs/index.js';
import { safeText } from '../util/safe-text.js';

/** The widest help text, in columns (narrower terminals get their own width). */
export const HELP_WIDTH = 100;

/** What the parser found: a command to run with its positionals and options. */
export interface Invocation {
  spec: CommandSpec;
  args: string[];
  opts: Record<string, unknown>;
}

/** The long name an option's value is stored under: `--data-dir <dir>` -> dataDir, `--no-color` -> color. */
export function optionKey(o: OptionSpec): string {
  return new Option(o.flags).attributeName();
}

const DESCRIPTION = `eas-doctor ${VERSION}: find why a phone will not sync with Exchange ActiveSync, and what to type to fix it.

With no command, eas-doctor starts the wizard (the same as "eas-doctor run").`;

/**
 * Builds the parser. `onRun` receives what was parsed; `extraHelp` is printed after a
 * command's help (a probe's own parameters, say).
 */
export function buildProgram(specs: readonly CommandSpec[], io: CliIO, onRun: (inv: Invocation) => Promise<void>, extraHelp?: { name: string; text: string }): Parser {
  const width = Math.min(io.stdout.columns || HELP_WIDTH, HELP_WIDTH);
  const program = new Parser('eas-doctor')
    .description(DESCRIPTION)
    .usage('[COMMAND] [options]')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [command]', "show a command's help")
    .configureHelp({ helpWidth: width, subcommandTerm: (c) => c.name(), showGlobalOptions: false })
    .configureOutput({
      // Help echoes what was typed (a command, an argument): shown safe like all other output.
      writeOut: (s) => io.stdout.write(safeText(s, { newlines: true, tabs: true })),
      writeErr: (s) => io.stderr.write(safeText(s, { newlines: true, tabs: true })),
      // main.ts words the errors itself (one line, a pointer to --help, exit 2).
      outputError: () => undefined,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText('after', `\nRun "eas-doctor help COMMAND" (or "eas-doctor COMMAND --help") for a command's options and examples.`);
  for (const spec of specs) {
    const cmd = program
      .command(spec.name, { hidden: spec.hidden })
      .summary(spec.summary)
      .description(spec.description ? `${spec.summary}\n\n${spec.description}` : spec.summary)
      .usage(spec.usage)
      // Each command checks its own positionals, with a message that says what to give.
      .allowExcessArguments(true);
    for (const a of spec.args ?? []) cmd.argument(a.name.endsWith('...') ? `[${a.name}]` : `[${a.name}]`, a.doc);
    for (const o of spec.options) {
      const opt = new Option(o.flags, o.doc);
      if (o.repeat) opt.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
      if (o.hidden) opt.hideHelp();
      cmd.addOption(opt);
    }
    cmd.version(VERSION, '-V, --version', 'print the version').helpOption('-h, --help', 'show this help');
    const after = [spec.notes ? `\n${spec.notes}` : '', `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`, extraHelp?.name === spec.name ? `\n${extraHelp.text}` : ''];
    cmd.addHelpText('after', after.join('\n'));
    cmd.action(async (...params: unknown[]) => {
      const self = params[params.length - 1] as Parser;
      const opts: Record<string, unknown> = { ...self.opts() };
      for (const o of spec.options) if (o.repeat) opts[optionKey(o)] ??= [];
      await onRun({ spec, args: [...self.args], opts });
    });
  }
  return program;
}

/**
 * Puts the command name first, so options can come before it (`--trees X list`): the first
 * word that is not an option or an option's value, when it names a command. Returns the
 * command name found (undefined when none) and the reordered words.
 */
export function commandFirst(argv: readonly string[], specs: readonly CommandSpec[]): { name?: string; argv: string[]; firstWord?: string } {
  const takesValue = new Set<string>();
  for (const s of specs) {
    for (const o of s.options) {
      if (!/[<[]/.test(o.flags)) continue;
      for (const f of o.flags.split(/[ ,]+/)) if (f.startsWith('-')) takesValue.add(f);
    }
  }
  const names = new Set([...specs.map((s) => s.name), 'help']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      if (!a.includes('=') && takesValue.has(a)) i++;
      continue;
    }
    if (!names.has(a)) return { argv: [...argv], firstWord: a };
    return { name: a, argv: [a, ...argv.slice(0, i), ...argv.slice(i + 1)], firstWord: a };
  }
  return { argv: [...argv] };
}
