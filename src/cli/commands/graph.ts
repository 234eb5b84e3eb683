// `eas-doctor graph TREE`: the tree as a Mermaid or Graphviz diagram.
import { parseArgs } from 'node:util';
import { renderGraph } from '../../tree/graph.js';
import { suggest } from '../../util/suggest.js';
import { UsageError, type CliIO, type Command } from '../io.js';
import { loadCleanTrees } from '../trees.js';

const usage = `Usage: eas-doctor graph TREE [--format mermaid|dot] [--trees DIR]

Draws a tree: questions (with their probes), answers, fixes, escalations, and exits to
other trees. Mermaid output renders on GitHub inside a \`\`\`mermaid block; DOT renders with
Graphviz (dot -Tsvg).

Examples:
  eas-doctor graph ssl
  eas-doctor graph auth --format dot | dot -Tsvg > auth.svg`;

export const command: Command = {
  summary: 'draw a tree as a Mermaid or Graphviz diagram',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'mermaid' }, trees: { type: 'string', multiple: true, default: [] } },
    });
    if (values.format !== 'mermaid' && values.format !== 'dot') throw new UsageError(`--format must be one of: mermaid, dot (got "${values.format}")`);
    if (positionals.length !== 1) throw new UsageError('name one tree to draw, e.g. "eas-doctor graph ssl"');
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const id = positionals[0]!;
    const tree = loaded.set.trees.get(id);
    if (!tree) {
      const guess = suggest(id, loaded.set.trees.keys());
      throw new UsageError(`no tree "${id}".${guess ? ` Did you mean "${guess}"?` : ''} Trees: ${[...loaded.set.trees.keys()].join(', ')}`);
    }
    io.stdout.write(renderGraph(tree, values.format));
    return 0;
  },
};
