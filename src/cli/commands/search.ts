// `eas-doctor search QUERY`: the places a walk can start for what the user pasted, ranked,
// with what matched. The start screen ranks with the same function.
import { parseArgs } from 'node:util';
import { buildSearchIndex, type SearchResult } from '../../search/search.js';
import { safeText } from '../../util/safe-text.js';
import { UsageError, println, type CliIO, type Command } from '../io.js';
import { loadCleanTrees } from '../trees.js';

const usage = `Usage: eas-doctor search QUERY... [--json] [--limit N] [--trees DIR]

Ranks the trees and the questions and fixes inside them for what the user sees or pastes:
a device message, an IIS status (401.2, 451), an error code (0x85010014), a header
(X-MS-Location) or a symptom in your words. Each result is a target for "eas-doctor run":
a tree (its start) or tree#node (that question or fix), with the text that matched.
Exit status 1 when nothing matches.

Examples:
  eas-doctor search 0x85010014
  eas-doctor search "Your device is not provisioned" --json
  eas-doctor run "$(eas-doctor search 451 --json | jq -r '.results[0].target')"`;

/** What a result's match is, in words. */
const FIELD_NAMES: Record<SearchResult['matched']['field'], string> = { symptom: 'symptom', title: 'title', cause: 'cause', label: 'answer', text: 'text', id: 'id' };

export const command: Command = {
  summary: 'rank trees, questions and fixes for a symptom, message or code',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, limit: { type: 'string', default: '10' }, trees: { type: 'string', multiple: true, default: [] } },
    });
    const query = positionals.join(' ');
    if (!query.trim()) throw new UsageError('say what to search for, e.g. eas-doctor search 0x85010014');
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of at least 1 (got "${values.limit}")`);
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const results = buildSearchIndex(loaded.set.trees.values()).search(query, { limit });
    if (values.json) {
      const data = results.map((r) => ({ target: r.target, title: r.title, tree: r.treeTitle, kind: r.kind, score: r.score, matched: r.matched.text, field: r.matched.field }));
      io.stdout.write(JSON.stringify({ query, results: data }, null, 2) + '\n');
      return results.length ? 0 : 1;
    }
    if (!results.length) {
      println(io.stderr, `No tree, question or fix matches "${safeText(query)}". Try the exact message or code, other words, or start with "eas-doctor run triage".`);
      return 1;
    }
    const width = Math.max(...results.map((r) => r.target.length));
    results.forEach((r, i) => {
      const where = r.kind === 'tree' ? '' : `  (${r.kind} in "${safeText(r.treeTitle)}")`;
      println(io.stdout, `${String(i + 1).padStart(2)}. ${r.target.padEnd(width)}  ${safeText(r.title)}${where}`);
      println(io.stdout, `    ${' '.repeat(width)}  ${FIELD_NAMES[r.matched.field]}: “${safeText(r.matched.text)}”  · score ${r.score}`);
    });
    println(io.stdout, `\nStart one with: eas-doctor run ${results[0]!.target}`);
    return 0;
  },
};
