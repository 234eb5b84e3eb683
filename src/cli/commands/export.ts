// `eas-doctor export`: a session as Markdown for the ticket, JSON under its schema, or one
// self-contained HTML file; --redact masks names and addresses for transcripts that leave.
import fs from 'node:fs/promises';
import path from 'node:path';
import { probeCatalog } from '../../probes/catalog.js';
import { readJournalText } from '../../transcript/journal.js';
import { exportSession, type ExportFormat } from '../../transcript/render.js';
import { dataDirFor, openSessionStore } from '../../transcript/store.js';
import type { SessionEvent } from '../../session/events.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { readRegularFileSync } from '../../util/regular-file.js';
import { loadCleanTrees } from '../trees.js';

const BY_EXTENSION: Record<string, ExportFormat> = { '.md': 'md', '.markdown': 'md', '.json': 'json', '.html': 'html', '.htm': 'html' };

interface Options extends OutputOptions {
  format?: ExportFormat;
  output?: string;
  redact?: boolean;
  force?: boolean;
  trees: string[];
  dataDir?: string;
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `one session at a time; got ${positionals.join(', ')}` : 'which session? give its ID (run "eas-doctor sessions" to list them)');
    const fromExt = values.output ? BY_EXTENSION[path.extname(values.output).toLowerCase()] : undefined;
    const format: ExportFormat = values.json ? 'json' : (values.format ?? fromExt ?? 'md');

    const events = await readSession(io, positionals[0]!, values.dataDir);
    // A journal that cannot be read is missing input.
    if (!events) return 2;
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const text = exportSession(events, { compiled: loaded.compiled, catalog: probeCatalog }, { format, redact: values.redact ?? false });
    if (!values.output) {
      io.stdout.write(text);
      return 0;
    }
    const out = path.resolve(io.cwd, values.output);
    try {
      await writeNew(out, text, values.force ?? false);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') println(io.stderr, `eas-doctor export: "${values.output}" exists${(err as { link?: boolean }).link ? ' and is a symbolic link' : ''}; choose another name, or pass --force to replace it (a link is replaced, never followed)`);
      else println(io.stderr, `eas-doctor export: cannot write "${values.output}": ${(err as Error).message}`);
      return 1;
    }
    println(io.stderr, `wrote ${values.output} (${format}${values.redact ? ', redacted' : ''})`);
    return 0;
  },
};

/**
 * Writes a new file (0600) and never through a symbolic link: an existing file or link is an
 * EEXIST error, unless `force`, which removes it first (the link itself, not what it points to).
 */
async function writeNew(file: string, text: string, force: boolean): Promise<void> {
  const st = await fs.lstat(file).catch(() => undefined);
  if (st && !force) throw Object.assign(new Error('exists'), { code: 'EEXIST', link: st.isSymbolicLink() });
  if (st && !st.isDirectory()) await fs.unlink(file);
  // "wx": O_CREAT | O_EXCL, which also refuses a link made between the check and the write.
  await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' });
}

/** A session by id from the store, or a journal file by path (sessions copied from elsewhere). */
async function readSession(io: CliIO, arg: string, dataDir: string | undefined): Promise<SessionEvent[] | undefined> {
  if (arg.endsWith('.jsonl')) {
    let text: string;
    try {
      text = readRegularFileSync(path.resolve(io.cwd, arg));
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
