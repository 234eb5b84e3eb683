// `eas-doctor replay`: re-walks JSON transcripts' answers on today's trees; exit 0 when each
// still ends at the node it ended at, 1 when one does not. A regression check for CI.
import fs from 'node:fs/promises';
import path from 'node:path';
import { probeCatalog } from '../../probes/catalog.js';
import { ref } from '../../transcript/format.js';
import { parseTranscript, TranscriptFormatError } from '../../transcript/json.js';
import { replayTranscript, type ReplayResult } from '../../transcript/replay.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { loadCleanTrees } from '../trees.js';

interface Options extends OutputOptions {
  trees: string[];
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    if (!positionals.length) throw new UsageError('which transcript? give a JSON file written by "eas-doctor export ID --format json"');
    const transcripts = [];
    for (const file of positionals) {
      try {
        transcripts.push({ file, t: parseTranscript(await fs.readFile(path.resolve(io.cwd, file), 'utf8'), file) });
      } catch (err) {
        if (err instanceof TranscriptFormatError) println(io.stderr, `eas-doctor replay: ${err.message}`);
        else println(io.stderr, `eas-doctor replay: cannot read "${file}": ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
        return 2;
      }
    }
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const results = transcripts.map(({ file, t }) => ({ file, ...replayTranscript(t, { compiled: loaded.compiled, catalog: probeCatalog }) }));
    if (values.json) printDocument(io, 'replay', { transcripts: results.length, same: results.filter((r) => r.same).length, results });
    else for (const r of results) println(io.stdout, describe(r));
    if (!values.json && results.length > 1) {
      const bad = results.filter((r) => !r.same).length;
      println(io.stdout, `\n${results.length - bad} of ${results.length} transcript(s) end at the same node${bad ? `; ${bad} do not` : ''}`);
    }
    return results.every((r) => r.same) ? 0 : 1;
  },
};

function describe(r: ReplayResult & { file: string }): string {
  const lines = [
    r.same
      ? `same  ${r.file}: still ends at ${ref(r.replayed.node) || r.replayed.kind} (${r.replayed.status})`
      : `DIFF  ${r.file}: ended at ${ref(r.recorded.node) || 'no node'} (${r.recorded.status}), now at ${ref(r.replayed.node) || 'no node'} (${r.replayed.kind}, ${r.replayed.status})`,
  ];
  if (r.changedTrees.length) lines.push(`      trees changed since the transcript: ${r.changedTrees.join(', ')}`);
  for (const d of r.differences) lines.push(`      ${d}`);
  return lines.join('\n');
}
