// `eas-doctor resume ID`: continues a journaled session exactly where it stopped, in the
// wizard or scripted with --answers. If a tree it used changed since, it says so and goes on
// from the same step when the answers still fit, or asks again, or restarts.
import { probeCatalog } from '../../probes/catalog.js';
import { runProbe } from '../../probes/registry.js';
import type { SessionDeps } from '../../session/session.js';
import { dataDirFor, openSessionStore } from '../../transcript/store.js';
import { ciBlocksWizard, holdingLocks, probeResolver, scripted, type WalkOptions } from './run.js';
import { UsageError, println, type CliIO, type Command, type CommandInput } from '../io.js';
import { loadCleanTrees } from '../trees.js';

export const command: Command<WalkOptions> = {
  async run({ args: positionals, opts: values }: CommandInput<WalkOptions>, io: CliIO): Promise<number> {
    const dataDir = dataDirFor(io.env, values.dataDir, io.cwd);
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
      return runWizard({ io, loaded, noColor: values.color === false, dataDir, resumeId: id, insecure: values.insecure, resolver });
    }

    return holdingLocks(io, store, async () => {
      const resumed = await store.resume(id, deps);
      for (const m of resumed.messages) println(io.stderr, `eas-doctor resume: ${m}`);
      if (resumed.action === 'closed') return 1;
      return scripted(io, resumed.session, values.answers!, { json: values.json ?? false, runProbes: values.runProbes ?? false });
    });
  },
};
