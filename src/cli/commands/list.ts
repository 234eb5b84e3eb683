// `eas-doctor list`: the trees, their symptoms and fixes; with --causes, every cause and its fix.
import type { FixNode, Tree } from '../../tree/types.js';
import { println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { loadCleanTrees, replacementLines, replacements, shownPath } from '../trees.js';
import { formatSource, type Source } from '../../tree/sources.js';
import { safeText } from '../../util/safe-text.js';
import { compareText } from '../../util/compare.js';

const fixes = (t: Tree) => Object.values(t.nodes).filter((n): n is FixNode => n.kind === 'fix');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** Placeholders read as what they stand for: `{{host}}` -> `<host>`. */
const plain = (s: string) => s.replace(/\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g, '<$1>');

interface Options extends OutputOptions {
  causes?: boolean;
  sources?: boolean;
  format?: 'text' | 'md' | 'json';
  trees: string[];
}

/** The registry: one source a block (text), a table (md) or a document (json). */
function printSources(io: CliIO, format: 'text' | 'md' | 'json', sources: Source[]): void {
  if (format === 'json') {
    printDocument(io, 'list', { sources: sources.map((s) => ({ id: s.id, title: s.title, publisher: s.publisher, year: s.year, ...(s.url ? { url: s.url } : {}) })) });
    return;
  }
  if (format === 'md') {
    println(io.stdout, '| Id | Title | Publisher | Year | URL |');
    println(io.stdout, '|---|---|---|---|---|');
    for (const s of sources) println(io.stdout, `| \`${s.id}\` | ${cell(s.title)} | ${cell(s.publisher)} | ${cell(s.year)} | ${s.url ? `<${s.url}>` : ''} |`);
    return;
  }
  for (const s of sources) println(io.stdout, `${s.id}\n  ${safeText(formatSource(s))}`);
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    const format = values.json ? 'json' : (values.format ?? 'text');
    void positionals;
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    if (values.sources) {
      printSources(io, format, [...(loaded.set.sources ?? new Map<string, Source>()).values()].sort((a, b) => compareText(a.id, b.id)));
      return 0;
    }
    const trees = [...loaded.set.trees.values()].sort((a, b) => (a.id === 'triage' ? -1 : b.id === 'triage' ? 1 : compareText(a.id, b.id)));
    if (format === 'json') {
      const replaced = new Map(replacements(io, loaded).map((r) => [r.id, r]));
      const data = trees.map((t) => ({
        id: t.id,
        file: shownPath(io, t.file),
        ...(replaced.has(t.id) ? { replaces: { file: replaced.get(t.id)!.replaces, bundled: replaced.get(t.id)!.bundled } } : {}),
        title: t.title,
        version: t.version,
        summary: t.summary,
        symptoms: t.symptoms,
        fixes: fixes(t).map((f) => ({ node: `${t.id}#${f.id}`, title: f.title, cause: f.cause, sources: f.sources })),
      }));
      printDocument(io, 'list', { trees: data });
      return 0;
    }
    if (values.causes) {
      if (format === 'md') {
        println(io.stdout, '| Tree | Cause | Fix | Sources |');
        println(io.stdout, '|---|---|---|---|');
        for (const t of trees) for (const f of fixes(t)) println(io.stdout, `| \`${t.id}\` | ${cell(plain(f.cause ?? f.title))} | ${cell(plain(f.title))} (\`${t.id}#${f.id}\`) | ${cell(f.sources.join(', '))} |`);
      } else {
        for (const t of trees) {
          println(io.stdout, `${t.id}: ${t.title}`);
          for (const f of fixes(t)) println(io.stdout, `  - ${plain(f.cause ?? f.title)}\n      fix: ${plain(f.title)} (${t.id}#${f.id})${f.sources.length ? `\n      sources: ${f.sources.join(', ')}` : ''}`);
        }
      }
      return 0;
    }
    if (format === 'md') {
      println(io.stdout, '| Tree | Title | Symptoms | Fixes |');
      println(io.stdout, '|---|---|---|---|');
      for (const t of trees) println(io.stdout, `| \`${t.id}\` | ${cell(t.title)} | ${cell(t.symptoms.join(', '))} | ${fixes(t).length} |`);
      return 0;
    }
    const width = Math.max(...trees.map((t) => t.id.length), 4);
    for (const t of trees) {
      println(io.stdout, `${t.id.padEnd(width)}  ${t.title}  (${fixes(t).length} fixes)`);
      if (t.symptoms.length) println(io.stdout, `${' '.repeat(width)}  symptoms: ${t.symptoms.join(', ')}`);
    }
    // Plain text only (--format md feeds README's table): an override is easy to forget.
    for (const line of replacementLines(io, loaded)) println(io.stdout, line);
    return 0;
  },
};
