import { json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const graph: CommandSpec = {
  name: 'graph',
  summary: 'draw a tree as a Mermaid or Graphviz diagram',
  usage: 'TREE [options]',
  description:
    'Draws a tree: questions (with their probes), answers, fixes, escalations, and exits to other trees. Mermaid output renders on GitHub inside a ```mermaid block; DOT renders with Graphviz (dot -Tsvg).',
  args: [{ name: 'tree', doc: 'the tree id', complete: 'tree' }],
  options: [{ flags: '--format <format>', doc: 'mermaid (default) or dot', choices: ['mermaid', 'dot'] }, trees, json('print the diagram text inside a JSON document'), noColor],
  examples: ['eas-doctor graph ssl', 'eas-doctor graph auth --format dot | dot -Tsvg > auth.svg'],
  load: () => import('../commands/graph.js'),
};
