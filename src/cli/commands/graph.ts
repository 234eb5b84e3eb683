// `eas-doctor graph TREE`: the tree as a Mermaid or Graphviz diagram.
import { renderGraph, type GraphDirection } from '../../tree/graph.js';
import { entriesFromOtherTrees } from '../../tree/references.js';
import { safeText } from '../../util/safe-text.js';
import type { CliIO, Command, CommandInput, OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { loadCleanTrees, namedTree } from '../trees.js';

interface Options extends OutputOptions {
  format?: 'mermaid' | 'dot';
  direction?: GraphDirection;
  trees: string[];
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    const format = values.format ?? 'mermaid';
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const tree = namedTree(loaded, positionals, 'eas-doctor graph ssl');
    const id = tree.id;
    const text = renderGraph(tree, { format, direction: values.direction ?? 'TB', entries: entriesFromOtherTrees(loaded.set, tree) });
    if (values.json) printDocument(io, 'graph', { tree: id, syntax: format, text });
    // Labels come from tree files (--trees): shown with their controls as visible escapes.
    else io.stdout.write(safeText(text, { newlines: true, tabs: true }));
    return 0;
  },
};
