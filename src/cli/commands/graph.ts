// `eas-doctor graph TREE`: the tree as a Mermaid or Graphviz diagram.
import { renderGraph, type GraphDirection } from '../../tree/graph.js';
import { entriesFromOtherTrees } from '../../tree/references.js';
import { suggest } from '../../util/suggest.js';
import { safeText } from '../../util/safe-text.js';
import { UsageError, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { loadCleanTrees } from '../trees.js';

interface Options extends OutputOptions {
  format?: 'mermaid' | 'dot';
  direction?: GraphDirection;
  trees: string[];
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    const format = values.format ?? 'mermaid';
    if (positionals.length !== 1) throw new UsageError('name one tree to draw, e.g. "eas-doctor graph ssl"');
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const id = positionals[0]!;
    const tree = loaded.set.trees.get(id);
    if (!tree) {
      const guess = suggest(id, loaded.set.trees.keys());
      throw new UsageError(`no tree "${id}".${guess ? ` Did you mean "${guess}"?` : ''} Trees: ${[...loaded.set.trees.keys()].join(', ')}`);
    }
    const text = renderGraph(tree, { format, direction: values.direction ?? 'TB', entries: entriesFromOtherTrees(loaded.set, tree) });
    if (values.json) printDocument(io, 'graph', { tree: id, syntax: format, text });
    // Labels come from tree files (--trees): shown with their controls as visible escapes.
    else io.stdout.write(safeText(text, { newlines: true, tabs: true }));
    return 0;
  },
};
