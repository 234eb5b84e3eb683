// `eas-doctor sessions`: the journaled sessions in the data directory, newest first.
import type { SessionStatus } from '../../session/events.js';
import { dataDirFor, openSessionStore, type SessionSummary } from '../../transcript/store.js';
import { padEnd, widthOf } from '../../util/text-width.js';
import { safeText } from '../../util/safe-text.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { loadTrees } from '../trees.js';
import { probeCatalog } from '../../probes/catalog.js';

const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

interface Options extends OutputOptions {
  status?: SessionStatus;
  dataDir?: string;
  trees?: string[];
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    if (positionals.length) throw new UsageError(`sessions takes no arguments (got ${positionals.join(' ')}); to continue one, run "eas-doctor resume ID"`);
    const store = openSessionStore({ dataDir: dataDirFor(io.env, values.dataDir, io.cwd), now: io.now });
    // The trees say where each walk stands (a fix proposed); trees with errors only lose that.
    const { compiled } = await loadTrees(io, values.trees ?? []);
    const { sessions: all, damaged } = await store.scan(compiled ? { compiled, catalog: probeCatalog } : undefined);
    const list = values.status ? all.filter((s) => s.status === values.status) : all;
    // A damaged journal is listed with what is wrong, never left out, and never stops the others.
    const broken = values.status ? [] : damaged;
    if (values.json) {
      printDocument(io, 'sessions', {
        dataDir: store.dir,
        sessions: list.map((s) => ({
          id: s.id,
          ticket: s.ticket ?? null,
          operator: s.operator ?? null,
          startedAt: new Date(s.startedAt).toISOString(),
          tree: s.tree,
          status: s.status,
          fixProposed: s.fixProposed ? { node: s.fixProposed.node.replace('/', '#'), title: s.fixProposed.title } : null,
          lastStep: { at: new Date(s.lastStep.at).toISOString(), text: s.lastStep.text },
          events: s.events,
          problems: s.problems.map((p) => p.message),
          file: s.file,
        })),
        damaged: broken,
      });
      return broken.length ? 1 : 0;
    }
    if (!list.length && !broken.length) {
      println(io.stdout, all.length ? `No ${values.status} sessions in ${store.dir}.` : `No sessions in ${store.dir} yet. Start one with "eas-doctor run".`);
      return 0;
    }
    if (list.length) println(io.stdout, table(list));
    const flawed = list.filter((s) => s.problems.length);
    if (flawed.length) {
      println(io.stdout, '\n* lines of the journal were skipped; "eas-doctor resume ID" goes on from the last good step:');
      for (const s of flawed) for (const p of s.problems) println(io.stdout, `  ${s.id}: ${safeText(p.message)}`);
    }
    if (broken.length) {
      println(io.stdout, `${list.length ? '\n' : ''}Damaged journals, not listed above (${broken.length}):`);
      for (const d of broken) println(io.stdout, `  ${safeText(d.id)}: ${safeText(d.problem)}`);
    }
    return broken.length ? 1 : 0;
  },
};

/** "fix proposed" for an open walk that stopped at a fix, waiting for its result. */
const statusWords = (s: SessionSummary) => (s.status === 'open' && s.fixProposed ? 'fix proposed' : s.status);

function table(list: SessionSummary[]): string {
  const rows = [
    ['ID', 'TICKET', 'STARTED (UTC)', 'TREE', 'STATUS', 'LAST STEP'],
    // Ticket, tree and step text come from the journal (typed, or from --trees files): one row each.
    ...list.map((s) => [s.id + (s.problems.length ? '*' : ''), s.ticket ?? '-', minute(s.startedAt), s.tree, statusWords(s), `${minute(s.lastStep.at).slice(11)} ${s.lastStep.text}`].map((c) => safeText(c))),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => widthOf(r[i]!))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : padEnd(c, widths[i]!))).join('  ')).join('\n');
}
