import { json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const show: CommandSpec = {
  name: 'show',
  summary: "a tree's nodes: ids, kinds, questions and titles, and where each is entered from",
  usage: 'TREE [options]',
  description:
    'Lists every node of a tree in file order: its id, its kind (question, fix or escalate), its question or title, the probe that answers it, and where it is entered from: the tree\'s start, the nodes of the same tree that lead to it (with the answer), and nodes of other trees that lead to it. A node entered from nowhere is marked "unreached".',
  args: [{ name: 'tree', doc: 'the tree id', complete: 'tree' }],
  options: [trees, json('print the outline as one JSON document'), noColor],
  examples: ['eas-doctor show ssl', 'eas-doctor show auth --json', 'eas-doctor show cert --trees ./my-trees'],
  load: () => import('../commands/show.js'),
};
