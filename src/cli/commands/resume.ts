// `eas-doctor resume ID`: continues a journaled session exactly where it stopped, in the
// wizard or scripted with --answers. If a tree it used changed since, it says so and goes on
// from the same step when the answers still fit, or asks again, or restarts.
import { parseArgs } from 'node:util';
import { probeCatalog } from '../../probes/catalog.js';
import { runProbe } from '../../probes/registry.js';
import type { SessionDeps } from '../../session/session.js';
import { dataDirFor, openSessionStore } from '../../transcript/store.js';
import { ciBlocksWizard, probeResolver, scripted } from './run.js';
import { UsageError, println, type CliIO, type Command } from '../io.js';
import { loadCleanTrees } from '../trees.js';

const usage = `Usage: eas-doctor resume ID [--answers FILE|-] [options]

Continues a session from its journal, exactly where it stopped (a crash loses at most the
step in progress). Passwords were never recorded, so a probe that needs one asks again.
If a tree the session used changed since it started (the journal keeps each tree's id,
version and content hash), resume says so and continues from the same step when the
answers so far still fit, asks a question again whose answer is gone, or restarts from the
first question with the inputs kept.

Options:
  --answers FILE|-   continue without asking, from an answers file (the format of "run")
  --json             print the walk as JSON (with --answers)
  --run-probes       run a question's probe for real and take the answer it maps to
  --insecure         let probes send credentials over unverified TLS or plain HTTP
  --resolver IP[:PORT]  DNS server for the probes (default: $EAS_DOCTOR_RESOLVER, else the system's)
  --trees DIR        also load trees from DIR (repeatable)
  --data-dir DIR     where sessions are journaled
  --no-color         no colours

Examples:
  eas-doctor sessions --status open
  eas-doctor resume 20261122-k3x9qa
  printf 'fixed\\n' | eas-doctor resume 20261122-k3x9qa --answers -`;

export const command: Command = {
  summary: 'continue a journaled session where it stopped',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        answers: { type: 'string' },
        json: { type: 'boolean', default: false },
        'run-probes': { type: 'boolean', default: false },
        insecure: { type: 'boolean', default: false },
        resolver: { type: 'string' },
        trees: { type: 'string', multiple: true, default: [] },
        'data-dir': { type: 'string' },
        'no-color': { type: 'boolean', default: false },
      },
    });
    const dataDir = dataDirFor(io.env, values['data-dir'], io.cwd);
    const store = openSessionStore({ dataDir, now: io.now });
    if (positionals.length !== 1) {
      const open = (await store.list()).filter((s) => s.status === 'open').slice(0, 5);
      const hint = open.length ? `; open sessions: ${open.map((s) => `${s.id}${s.ticket ? ` (${s.ticket})` : ''}`).join(', ')}` : '';
      throw new UsageError(positionals.length ? `one session at a time; got ${positionals.join(', ')}` : `which session? give its ID${hint}`);
    }
    const id = positionals[0]!;
    const interactive = values.answers === undefined;
    if (interactive && !io.stdin.isTTY) {
      println(io.stderr, 'eas-doctor: the wizard needs a terminal, and standard input is not one.');
      println(io.stderr, `To continue without one use: eas-doctor resume ${id} --answers FILE (or --answers - to read standard input).`);
      return 2;
    }
    if (interactive && ciBlocksWizard(io)) return 2;
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const resolver = probeResolver(values.resolver, io.env);
    const deps: Omit<SessionDeps, 'onEvent'> = { compiled: loaded.compiled, catalog: probeCatalog, runner: runProbe, now: io.now, insecure: values.insecure, resolver };

    if (interactive) {
      // The wizard resumes through the same store and shows what the resume did; a session
      // that cannot be resumed is turned away here, before the screen is taken over.
      const preview = await store.resume(id, deps, { dryRun: true });
      if (preview.action === 'closed') {
        for (const m of preview.messages) println(io.stderr, `eas-doctor resume: ${m}`);
        return 1;
      }
      const { runWizard } = await import('../../ui/index.js');
      return runWizard({ io, loaded, noColor: values['no-color'] || io.env.NO_COLOR !== undefined, dataDir, resumeId: id, insecure: values.insecure, resolver });
    }

    const resumed = await store.resume(id, deps);
    for (const m of resumed.messages) println(io.stderr, `eas-doctor resume: ${m}`);
    if (resumed.action === 'closed') return 1;
    return scripted(io, resumed.session, values.answers!, { json: values.json, runProbes: values['run-probes'] });
  },
};
