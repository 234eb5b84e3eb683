// `eas-doctor sessions`: the journaled sessions in the data directory, newest first.
import { parseArgs } from 'node:util';
import type { SessionStatus } from '../../session/events.js';
import { dataDirFor, openSessionStore, type SessionSummary } from '../../transcript/store.js';
import { safeText } from '../../util/safe-text.js';
import { UsageError, println, type CliIO, type Command, printJson } from '../io.js';

const STATUSES: SessionStatus[] = ['open', 'resolved', 'escalated', 'abandoned'];

const usage = `Usage: eas-doctor sessions [--status STATUS] [--json] [--data-dir DIR]

Lists the sessions journaled in the data directory, newest first: id, ticket, start time,
tree, status (open, resolved, escalated, abandoned) and the last step taken. A session whose
journal lost its last line to a crash is marked "*"; resume it to go on.

Options:
  --status STATUS   only sessions with this status (open, resolved, escalated, abandoned)
  --json            print the list as JSON
  --data-dir DIR    where sessions are journaled (default: $EAS_DOCTOR_HOME, or
                    $XDG_DATA_HOME/eas-doctor, or ~/.local/share/eas-doctor)

Examples:
  eas-doctor sessions
  eas-doctor sessions --status open
  eas-doctor sessions --json | jq '.[0].id'`;

const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export const command: Command = {
  summary: 'list journaled sessions: id, ticket, start, tree, status, last step',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, status: { type: 'string' }, 'data-dir': { type: 'string' } },
    });
    if (positionals.length) throw new UsageError(`sessions takes no arguments (got ${positionals.join(' ')}); to continue one, run "eas-doctor resume ID"`);
    if (values.status !== undefined && !STATUSES.includes(values.status as SessionStatus)) {
      throw new UsageError(`--status must be one of: ${STATUSES.join(', ')} (got "${values.status}")`);
    }
    const store = openSessionStore({ dataDir: dataDirFor(io.env, values['data-dir'], io.cwd), now: io.now });
    const all = await store.list();
    const list = values.status ? all.filter((s) => s.status === values.status) : all;
    if (values.json) {
      const data = list.map((s) => ({
        id: s.id,
        ticket: s.ticket ?? null,
        operator: s.operator ?? null,
        startedAt: new Date(s.startedAt).toISOString(),
        tree: s.tree,
        status: s.status,
        lastStep: { at: new Date(s.lastStep.at).toISOString(), text: s.lastStep.text },
        events: s.events,
        problems: s.problems.map((p) => p.message),
        file: s.file,
      }));
      printJson(io.stdout, data);
      return 0;
    }
    if (!list.length) {
      println(io.stdout, all.length ? `No ${values.status} sessions in ${store.dir}.` : `No sessions in ${store.dir} yet. Start one with "eas-doctor run".`);
      return 0;
    }
    println(io.stdout, table(list));
    if (list.some((s) => s.problems.length)) println(io.stdout, '\n* the journal lost its last, half-written line (a crash mid-step); "eas-doctor resume ID" goes on from the step before');
    return 0;
  },
};

function table(list: SessionSummary[]): string {
  const rows = [
    ['ID', 'TICKET', 'STARTED (UTC)', 'TREE', 'STATUS', 'LAST STEP'],
    // Ticket, tree and step text come from the journal (typed, or from --trees files): one row each.
    ...list.map((s) => [s.id + (s.problems.length ? '*' : ''), s.ticket ?? '-', minute(s.startedAt), s.tree, s.status, `${minute(s.lastStep.at).slice(11)} ${s.lastStep.text}`].map((c) => safeText(c))),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}
