import { json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const graph: CommandSpec = {
  name: 'graph',
  summary: 'draw a tree as a Mermaid or Graphviz diagram',
  usage: 'TREE [options]',
  description:
    'Draws a tree: questions (with their probes), answers (with the classifications mapped to them), fixes, escalations, exits to other trees, and entries from them; every label starts with the node id. Mermaid output renders on GitHub inside a ```mermaid block; DOT renders with Graphviz (dot -Tsvg).',
  args: [{ name: 'tree', doc: 'the tree id', complete: 'tree' }],
  options: [{ flags: '--format <format>', doc: 'mermaid (default) or dot', choices: ['mermaid', 'dot'] }, { flags: '--direction <dir>', doc: 'TB (top to bottom, default) or LR (left to right)', choices: ['TB', 'LR'] }, trees, json('print the diagram text inside a JSON document'), noColor],
  examples: ['eas-doctor graph ssl', 'eas-doctor graph auth --format dot | dot -Tsvg > auth.svg', 'eas-doctor graph triage --direction LR > triage.mmd'],
  load: () => import('../commands/graph.js'),
};
