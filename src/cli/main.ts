// Dispatch only: parses with the declarations in specs/, loads the command's module when it
// runs, turns usage errors into exit 2 and any unexpected error into one line (never a stack
// trace unless EAS_DOCTOR_DEBUG is set).
import { Writable } from 'node:stream';
import { CommanderError } from 'commander';
import { suggest } from '../util/suggest.js';
import { VERSION } from '../version.js';
import { UsageError, println, type CliIO, type Command } from './io.js';
import { HELP_WIDTH, buildProgram, commandFirst, optionKey, type Invocation } from './program.js';
import { commands, specs } from './specs/index.js';

export { commands };

/** Runs the CLI; returns the exit code (0 fine, 1 problems found, 2 usage or missing input, 130 interrupted). */
export async function main(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 1 && argv[0] === '-v') {
    println(io.stdout, VERSION);
    return 0;
  }
  // The shell's completion script asks what to offer for the words typed so far.
  if (argv[0] === '__complete') return printCompletion(argv.slice(argv[1] === '--' ? 2 : 1), io);
  // README's command reference (scripts/readme-reference.mjs puts it between its markers).
  if (argv[0] === '__reference') {
    io.stdout.write(await commandReference(io));
    return 0;
  }
  const found = commandFirst(argv, specs);
  let words = found.argv;
  if (!found.name) {
    if (found.firstWord !== undefined && argv[0] === found.firstWord) {
      const hint = suggest(found.firstWord, Object.keys(commands));
      println(io.stderr, `eas-doctor: unknown command "${found.firstWord}".${hint ? ` Did you mean "${hint}"?` : ''} Commands: ${Object.keys(commands).join(', ')}.`);
      return 2;
    }
    // No command: the wizard, unless the help or the version is asked for.
    if (!argv.some((a) => /^(-h|--help|-V|--version)$/.test(a))) words = ['run', ...argv];
  }
  // "help COMMAND ..." is "COMMAND ... --help", so help that depends on the arguments shows too.
  if (words[0] === 'help' && words[1] && commands[words[1]]) words = [...words.slice(1), '--help'];
  const name = words[0] && commands[words[0]] ? words[0] : undefined;
  const helpAsked = name !== undefined && words.some((a) => a === '--help' || a === '-h');
  const extraHelp = helpAsked ? await commandHelp(name, words.slice(1)) : undefined;

  let code = 0;
  const program = buildProgram(specs, io, async (inv) => {
    code = await runCommand(inv, io);
  }, extraHelp);
  try {
    await program.parseAsync(words, { from: 'user' });
    return code;
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) return 0;
    const shown = name ?? 'run';
    println(io.stderr, `eas-doctor ${shown}: ${parserMessage(err)}`);
    println(io.stderr, `Run "eas-doctor ${shown} --help" for usage.`);
    return 2;
  }
}

/** Every command's help as Markdown: the README's command reference, generated, never edited. */
async function commandReference(io: CliIO): Promise<string> {
  const helpOf = async (args: string[]) => {
    let text = '';
    const out = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) });
    await main(args, { ...io, stdout: Object.assign(out, { columns: HELP_WIDTH }) });
    return text.trimEnd();
  };
  const parts = ['```text', await helpOf(['--help']), '```'];
  for (const spec of specs.filter((s) => !s.hidden)) parts.push('', `### \`eas-doctor ${spec.name}\``, '', '```text', await helpOf(['help', spec.name]), '```');
  return parts.join('\n') + '\n';
}

/** Prints what complete.ts offers: a line saying what to complete, then the candidates. */
async function printCompletion(words: string[], io: CliIO): Promise<number> {
  // Windows PowerShell 5 drops an empty argument, so its script sends "" for one.
  if (words[words.length - 1] === '""') words[words.length - 1] = '';
  if (words.length === 0) words.push('');
  const { complete } = await import('./complete.js');
  const got = await complete(words, specs, io);
  io.stdout.write([got.kind, ...got.words].join('\n') + '\n');
  return 0;
}

/** Loads the command and runs it; a UsageError is exit 2 with a pointer to --help. */
async function runCommand({ spec, args, opts }: Invocation, io: CliIO): Promise<number> {
  try {
    for (const o of spec.options) {
      const value = opts[optionKey(o)];
      if (o.choices && typeof value === 'string' && !o.choices.includes(value)) {
        const hint = suggest(value, o.choices);
        throw new UsageError(`${o.flags.split(' ')[0]} must be one of: ${o.choices.join(', ')} (got "${value}")${hint ? `; did you mean "${hint}"?` : ''}`);
      }
    }
    const { command } = (await spec.load()) as { command: Command<Record<string, unknown>> };
    return await command.run({ args, opts }, io);
  } catch (err) {
    // A session, file or folder that is not there is missing input, like a usage error.
    if (err instanceof UsageError || (err as { notFound?: boolean } | null)?.notFound === true) {
      println(io.stderr, `eas-doctor ${spec.name}: ${(err as Error).message}`);
      if (err instanceof UsageError) println(io.stderr, `Run "eas-doctor ${spec.name} --help" for usage.`);
      return 2;
    }
    if (io.env.EAS_DOCTOR_DEBUG) throw err;
    println(io.stderr, `eas-doctor ${spec.name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/** Help that depends on the arguments (`probe tcp.connect --help`), from the command's module. */
async function commandHelp(name: string, args: string[]): Promise<{ name: string; text: string } | undefined> {
  const { command } = (await commands[name]!.load()) as { command: Command<unknown> };
  const text = command.help?.(args.filter((a) => a !== '--help' && a !== '-h'));
  return text === undefined ? undefined : { name, text };
}

/** Commander's error, in the words of the rest of the CLI: "unknown option --strcit; did you mean --strict?". */
function parserMessage(err: CommanderError): string {
  const text = err.message.replace(/^error: /, '');
  const unknown = /^unknown option '([^']+)'(?:\n\(Did you mean (\S+)\?\))?/.exec(text);
  if (unknown) return `unknown option ${unknown[1]}${unknown[2] ? `; did you mean ${unknown[2]}?` : ''}`;
  const missing = /^option '([^']+)' argument missing/.exec(text);
  if (missing) return `option ${missing[1]!.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? missing[1]} needs a value (${missing[1]})`;
  return text.replace(/\n\(Did you mean (\S+)\?\)/, '; did you mean $1?');
}
