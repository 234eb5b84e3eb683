// Dispatch only: finds the command, loads its module lazily, turns usage errors into exit 2
// and any unexpected error into one line (never a stack trace unless EAS_DOCTOR_DEBUG is set).
import { UsageError, println, type CliIO, type Command } from './io.js';
import { VERSION } from '../version.js';
import { suggest } from '../util/suggest.js';

type Loader = () => Promise<{ command: Command }>;

/** Every command by name; each module is loaded only when its command runs. */
export const commands: Record<string, { summary: string; load: Loader }> = {
  validate: { summary: 'check trees and print positioned diagnostics', load: () => import('./commands/validate.js') },
  list: { summary: 'list trees, their symptoms and fixes (or causes)', load: () => import('./commands/list.js') },
  search: { summary: 'rank trees, questions and fixes for a symptom, message or code', load: () => import('./commands/search.js') },
  graph: { summary: 'draw a tree as a Mermaid or Graphviz diagram', load: () => import('./commands/graph.js') },
  test: { summary: 'run tree tests and report fixes no test reaches', load: () => import('./commands/test.js') },
  run: { summary: 'walk a tree (interactive, or scripted with --answers)', load: () => import('./commands/run.js') },
  new: { summary: 'write a starter tree that validates and passes its test', load: () => import('./commands/new.js') },
  sessions: { summary: 'list journaled sessions: id, ticket, start, tree, status, last step', load: () => import('./commands/sessions.js') },
  resume: { summary: 'continue a journaled session where it stopped', load: () => import('./commands/resume.js') },
  export: { summary: 'write a session transcript as Markdown, JSON or HTML (--redact to mask names)', load: () => import('./commands/export.js') },
  replay: { summary: "check that JSON transcripts still end at the same node on today's trees", load: () => import('./commands/replay.js') },
  log: { summary: 'read IIS logs: which users and devices fail, why, and where to continue', load: () => import('./commands/log.js') },
  check: { summary: 'sweep DNS, TCP, TLS, ActiveSync and Autodiscover; say where to continue', load: () => import('./commands/check.js') },
  probe: { summary: 'run one probe and print its classification and evidence', load: () => import('./commands/probe.js') },
};

const HELP = () => `eas-doctor ${VERSION}: find why a phone will not sync with Exchange ActiveSync, and what to type to fix it.

Usage: eas-doctor [COMMAND] [OPTIONS]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

With no command, eas-doctor starts the wizard.
Run "eas-doctor COMMAND --help" for a command's options and examples.
Options: --help, --version`;

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    println(io.stdout, VERSION);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    println(io.stdout, HELP());
    return 0;
  }
  const name = first === undefined || first.startsWith('-') ? 'run' : first;
  const args = first === undefined || first.startsWith('-') ? argv : rest;
  const entry = commands[name];
  if (!entry) {
    const hint = suggest(name, Object.keys(commands));
    println(io.stderr, `eas-doctor: unknown command "${name}".${hint ? ` Did you mean "${hint}"?` : ''} Commands: ${Object.keys(commands).join(', ')}.`);
    return 2;
  }
  const { command } = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    const specific = command.help?.(args.filter((a) => a !== '--help' && a !== '-h'));
    println(io.stdout, specific ?? `${command.summary}\n\n${command.usage}`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      println(io.stderr, `eas-doctor ${name}: ${(err as Error).message}`);
      println(io.stderr, `Run "eas-doctor ${name} --help" for usage.`);
      return 2;
    }
    if (io.env.EAS_DOCTOR_DEBUG) throw err;
    println(io.stderr, `eas-doctor ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}


