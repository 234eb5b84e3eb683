// `eas-doctor search QUERY`: the places a walk can start for what the user pasted, ranked,
// with what matched. The start screen ranks with the same function.
import { buildSearchIndex, type SearchResult } from '../../search/search.js';
import { safeText } from '../../util/safe-text.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { loadCleanTrees } from '../trees.js';

/** What a result's match is, in words. */
const FIELD_NAMES: Record<SearchResult['matched']['field'], string> = { symptom: 'symptom', title: 'title', cause: 'cause', label: 'answer', text: 'text', id: 'id' };

interface Options extends OutputOptions {
  limit?: string;
  trees: string[];
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    const query = positionals.join(' ');
    if (!query.trim()) throw new UsageError('say what to search for, e.g. eas-doctor search 0x80072f0d');
    const limit = Number(values.limit ?? '10');
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of at least 1 (got "${values.limit}")`);
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const results = buildSearchIndex(loaded.set.trees.values()).search(query, { limit });
    if (values.json) {
      const data = results.map((r) => ({ target: r.target, title: r.title, tree: r.treeTitle, kind: r.kind, score: r.score, matched: r.matched.text, field: r.matched.field }));
      printDocument(io, 'search', { query, results: data });
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
