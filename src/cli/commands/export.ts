// `eas-doctor export`: a session as Markdown for the ticket, JSON under its schema, or one
// self-contained HTML file; --redact masks names and addresses for transcripts that leave.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { probeCatalog } from '../../probes/catalog.js';
import { readJournalText } from '../../transcript/journal.js';
import { EXPORT_FORMATS, exportSession, type ExportFormat } from '../../transcript/render.js';
import { dataDirFor, openSessionStore } from '../../transcript/store.js';
import type { SessionEvent } from '../../session/events.js';
import { UsageError, println, type CliIO, type Command } from '../io.js';
import { loadCleanTrees } from '../trees.js';

const usage = `Usage: eas-doctor export ID|JOURNAL.jsonl [--format md|json|html] [-o FILE] [--redact]

Writes a session's transcript: the ticket, operator, times, inputs, every question with its
answer (and whether a probe's evidence gave it), the evidence, notes, the fix with its
commands and verification, and the outcome. Passwords are never in it: they are never
recorded. --redact also masks user names, host names, IP addresses and e-mail addresses
(the same value gets the same mask, e.g. host-1, user-1) for transcripts that leave the company.

Options:
  --format FORMAT   md (for the ticket, default), json (schema/transcript.schema.json)
                    or html (one printable file with the path drawn as a diagram)
  -o, --output FILE write to FILE instead of standard output (the format follows its
                    extension when --format is not given)
  --redact          mask user names, host names, IP addresses and e-mail addresses
  --trees DIR       also load trees from DIR (the texts come from today's trees)
  --data-dir DIR    where sessions are journaled

Examples:
  eas-doctor export 20261122-k3x9qa --format md | clip
  eas-doctor export 20261122-k3x9qa --format html -o INC-4711.html --redact
  eas-doctor export 20261122-k3x9qa --format json -o walk.json && eas-doctor replay walk.json`;

const BY_EXTENSION: Record<string, ExportFormat> = { '.md': 'md', '.markdown': 'md', '.json': 'json', '.html': 'html', '.htm': 'html' };

export const command: Command = {
  summary: 'write a session transcript as Markdown, JSON or HTML (--redact to mask names)',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        redact: { type: 'boolean', default: false },
        trees: { type: 'string', multiple: true, default: [] },
        'data-dir': { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `one session at a time; got ${positionals.join(', ')}` : 'which session? give its ID (run "eas-doctor sessions" to list them)');
    const fromExt = values.output ? BY_EXTENSION[path.extname(values.output).toLowerCase()] : undefined;
    const format = (values.format ?? fromExt ?? 'md') as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of: ${EXPORT_FORMATS.join(', ')} (got "${values.format}")`);

    const events = await readSession(io, positionals[0]!, values['data-dir']);
    if (!events) return 1;
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const text = exportSession(events, { compiled: loaded.compiled, catalog: probeCatalog }, { format, redact: values.redact });
    if (!values.output) {
      io.stdout.write(text);
      return 0;
    }
    const out = path.resolve(io.cwd, values.output);
    try {
      await fs.writeFile(out, text, { mode: 0o600 });
    } catch (err) {
      println(io.stderr, `eas-doctor export: cannot write "${values.output}": ${(err as Error).message}`);
      return 1;
    }
    println(io.stderr, `wrote ${values.output} (${format}${values.redact ? ', redacted' : ''})`);
    return 0;
  },
};

/** A session by id from the store, or a journal file by path (sessions copied from elsewhere). */
async function readSession(io: CliIO, arg: string, dataDir: string | undefined): Promise<SessionEvent[] | undefined> {
  if (arg.endsWith('.jsonl')) {
    let text: string;
    try {
      text = await fs.readFile(path.resolve(io.cwd, arg), 'utf8');
    } catch (err) {
      println(io.stderr, `eas-doctor export: cannot read "${arg}": ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      return undefined;
    }
    const read = readJournalText(text);
    for (const p of read.problems) println(io.stderr, `eas-doctor export: ${arg}: ${p.message}`);
    if (read.events[0]?.type !== 'start') {
      println(io.stderr, `eas-doctor export: "${arg}" is not a session journal (its first line must be the session's start)`);
      return undefined;
    }
    return read.events;
  }
  const store = openSessionStore({ dataDir: dataDirFor(io.env, dataDir, io.cwd), now: io.now });
  const loaded = await store.load(arg);
  for (const p of loaded.problems) println(io.stderr, `eas-doctor export: ${arg}: ${p.message}`);
  return loaded.events;
}
