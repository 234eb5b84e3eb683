// `eas-doctor run`: the wizard in a terminal, or a scripted walk with --answers.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { probeCatalog } from '../../probes/catalog.js';
import { runProbe } from '../../probes/registry.js';
import { applyStep, autoProbe, parseScriptLine } from '../../session/script.js';
import { Session, SessionError, type SessionDeps } from '../../session/session.js';
import { dataDirFor, openSessionStore, SessionLockedError, type SessionStore } from '../../transcript/store.js';
import type { StepView } from '../../session/view.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { loadCleanTrees } from '../trees.js';
import { renderEnd, renderPathLine, walkSummary } from './run-render.js';
import { clipEchoes, clipText, MAX_ECHO } from '../../util/safe-text.js';

/** The options of a walk, scripted or in the wizard (run and resume). */
export interface WalkOptions extends OutputOptions {
  answers?: string;
  runProbes?: boolean;
  insecure?: boolean;
  resolver?: string;
  trees: string[];
  dataDir?: string;
}

interface Options extends WalkOptions {
  ticket?: string;
  journal?: boolean;
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    if (positionals.length > 1) throw new UsageError(`one tree at a time; got ${positionals.join(', ')}`);
    const resolver = probeResolver(values.resolver, io.env);
    const interactive = values.answers === undefined;
    if (interactive && !io.stdin.isTTY) {
      println(io.stderr, 'eas-doctor: the wizard needs a terminal, and standard input is not one.');
      println(io.stderr, 'For a scripted walk use: eas-doctor run TREE --answers FILE (or --answers - to read standard input).');
      return 2;
    }
    if (interactive && ciBlocksWizard(io)) return 2;
    // The wizard's code (Ink, React) loads while the trees do: the first screen comes sooner.
    const ui = interactive ? import('../../ui/index.js') : undefined;
    ui?.catch(() => undefined);
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const [treeArg, nodeArg] = (positionals[0] ?? '').split('#');
    const set = loaded.compiled.set;
    const tree = treeArg || (set.trees.has('triage') ? 'triage' : [...set.trees.keys()][0]);
    if (!tree || !set.trees.has(tree)) {
      throw new UsageError(`no tree "${treeArg}"; trees: ${[...set.trees.keys()].join(', ')}`);
    }
    if (interactive) {
      const { runWizard } = await ui!;
      return runWizard({ io, loaded, tree: positionals[0] ? (nodeArg ? `${tree}#${nodeArg}` : tree) : undefined, ticket: values.ticket, noColor: values.color === false, dataDir: values.dataDir, insecure: values.insecure, resolver });
    }
    const deps: SessionDeps = { compiled: loaded.compiled, catalog: probeCatalog, runner: runProbe, now: io.now, insecure: values.insecure, resolver };
    let session: Session;
    const start = { tree, node: nodeArg && nodeArg !== 'start' ? nodeArg : undefined, ticket: values.ticket, operator: io.env.USER };
    // A scripted walk is journaled only when asked: otherwise every test script and pipeline
    // would leave an open session for the start screen to offer.
    const store = values.journal ? openSessionStore({ dataDir: dataDirFor(io.env, values.dataDir, io.cwd), now: io.now }) : undefined;
    return holdingLocks(io, store, async () => {
      try {
        session = store ? await store.create(deps, start) : Session.start(deps, start);
      } catch (err) {
        if (err instanceof SessionError) throw new UsageError(err.message);
        throw err;
      }
      return scripted(io, session, values.answers!, { json: values.json ?? false, runProbes: values.runProbes ?? false, journaled: values.journal ?? false });
    });
  },
};

/**
 * Runs a scripted walk whose session the store locks, and releases the lock when the walk
 * ends, fails or is stopped (Ctrl-C, SIGTERM). A session another process walks: exit 2.
 */
export async function holdingLocks(io: CliIO, store: SessionStore | undefined, walk: () => Promise<number>): Promise<number> {
  if (!store) return walk();
  const onSignal = (signal: NodeJS.Signals) => {
    store.release();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onExit = () => store.release();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal).once('exit', onExit);
  try {
    return await walk();
  } catch (err) {
    if (!(err instanceof SessionLockedError)) throw err;
    println(io.stderr, `eas-doctor: ${err.message}`);
    return 2;
  } finally {
    store.release();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal).off('exit', onExit);
  }
}

/**
 * Ink draws nothing live when the environment says CI (its is-in-ci check), so a wizard
 * started with CI set would show a blank screen: say so, and how to start it, instead.
 */
export function ciBlocksWizard(io: CliIO): boolean {
  const set = (k: string) => k in io.env && io.env[k] !== '0' && io.env[k] !== 'false';
  const name = ['CI', 'CONTINUOUS_INTEGRATION'].find(set);
  if (!name) return false;
  println(io.stderr, `eas-doctor: ${name} is set in this environment, and the terminal UI draws nothing live when it is.`);
  println(io.stderr, `Start the wizard without it: env -u ${name} eas-doctor ...   (or use --answers for a scripted walk)`);
  return true;
}

/**
 * The DNS server probes use when a tree gives none: --resolver, else $EAS_DOCTOR_RESOLVER,
 * else the system's (undefined).
 */
export function probeResolver(flag: string | undefined, env: CliIO['env']): string | undefined {
  const resolver = flag ?? (env.EAS_DOCTOR_RESOLVER || undefined);
  if (resolver !== undefined && !/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[0-9a-fA-F:]+)(:\d{1,5})?$/.test(resolver)) {
    throw new UsageError(`--resolver (or EAS_DOCTOR_RESOLVER) must be IP or IP:PORT, e.g. 10.0.0.53 or 127.0.0.1:5353; got "${resolver}"`);
  }
  return resolver;
}

/** Lines of the answers source, read as they arrive. */
function answerLines(io: CliIO, source: string): AsyncIterable<string> {
  const input = source === '-' ? io.stdin : createReadStream(path.resolve(io.cwd, source));
  return createInterface({ input, crlfDelay: Infinity });
}

/** Walks with the answers file; prints each step as it is taken. */
export async function scripted(io: CliIO, session: Session, source: string, opts: { json: boolean; runProbes: boolean; journaled?: boolean }): Promise<number> {
  const name = source === '-' ? '<stdin>' : source;
  const shown = { count: 0 };
  const print = () => {
    if (opts.json) return;
    const h = walkSummary(session);
    for (const step of h.slice(shown.count)) println(io.stdout, renderPathLine(step));
    shown.count = h.length;
  };
  const advance = async () => {
    while (session.status === 'open' && (await autoProbe(session, () => opts.runProbes))) print();
  };
  let lineNo = 0;
  try {
    if (!opts.json) println(io.stdout, `Session ${session.id}${opts.journaled === false ? ' (not journaled; --journal keeps it)' : ''}: ${describe(session.view())}`);
    await advance();
    for await (const text of answerLines(io, source)) {
      lineNo++;
      const step = parseScriptLine(text, lineNo);
      if (!step) continue;
      // An escalation or fix whose text needs an input still takes that input.
      if (session.status !== 'open' && session.view().kind !== 'input') {
        println(io.stderr, `${name}:${lineNo}:1: the walk has ended; "${clipText(text.trim(), MAX_ECHO)}" and what follows are not used`);
        break;
      }
      try {
        await applyStep(session, step);
      } catch (err) {
        if (!(err instanceof SessionError)) throw err;
        const col = text.length - text.trimStart().length + 1;
        println(io.stderr, `${name}:${lineNo}:${col}: error ${clipEchoes(err.message)}`);
        const at = session.view();
        println(io.stderr, `  at: ${describe(at)}`);
        const given = step.kind === 'input' ? session.inputFor(step.name) : undefined;
        if (step.kind === 'input' && given) {
          // The line is there, its value does not fit: say how to write it, not to add it.
          println(io.stderr, `  hint: change this line's value${given.example ? `, for example ${step.name}=${given.example}` : ''}`);
        } else if (at.kind === 'input') println(io.stderr, `  hint: add a line "${at.input.name}=VALUE"${at.input.example ? ` (for example ${at.input.name}=${at.input.example})` : ''} before it`);
        else if (at.kind === 'question') println(io.stderr, `  hint: answer with one of: ${at.answers.map((a) => a.key).join(', ')}`);
        else if (at.kind === 'fix') println(io.stderr, '  hint: at a fix, write "fixed" or "did-not-help"');
        if (opts.json) printDocument(io, 'walk', walkJson(session));
        return 2;
      }
      print();
      await advance();
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      println(io.stderr, `eas-doctor run: cannot read answers file "${source}": ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      return 2;
    }
    throw err;
  }
  print();
  const view = session.view();
  if (opts.json) printDocument(io, 'walk', walkJson(session));
  else println(io.stdout, renderEnd(view, session));
  return view.kind === 'fix' || view.kind === 'escalate' || view.kind === 'end' ? 0 : 1;
}

function describe(v: StepView): string {
  switch (v.kind) {
    case 'input':
      return `input "${v.input.name}" (${v.input.ask}) for ${v.tree.id}#${v.nodeId}`;
    case 'question':
      return `question ${v.key.replace('/', '#')}: ${v.text} [${v.answers.map((a) => a.key).join(', ')}]`;
    case 'fix':
      return `fix ${v.key.replace('/', '#')}: ${v.title} [fixed, did-not-help]`;
    case 'escalate':
      return `escalation ${v.key.replace('/', '#')}: ${v.title}`;
    case 'end':
      return `end (${v.status})`;
  }
}

/** The walk as JSON: path, inputs, end, status. */
export function walkJson(session: Session): Record<string, unknown> {
  const v = session.view();
  return {
    session: session.id,
    ticket: session.ticket,
    status: session.status,
    inputs: session.inputs(),
    path: walkSummary(session).map((step) => ({ ...step, at: new Date(step.at).toISOString() })),
    at: v.kind === 'end' ? { kind: 'end', status: v.status, node: v.key?.replace('/', '#') } : { kind: v.kind, node: v.key.replace('/', '#') },
    end:
      v.kind === 'fix'
        ? { kind: 'fix', node: v.key.replace('/', '#'), title: v.title, cause: v.cause, why: v.why, steps: v.steps, verify: v.verify, sources: v.sources, unresolved: v.unresolved }
        : v.kind === 'escalate'
          ? { kind: 'escalate', node: v.key.replace('/', '#'), title: v.title, to: v.to, why: v.why, attach: v.attach }
          : undefined,
  };
}
