// `eas-doctor show TREE`: every node's id, kind, question or title, and where it is entered from.
import { outlineOf, type OutlineNode } from '../../tree/outline.js';
import { safeText } from '../../util/safe-text.js';
import { println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { loadCleanTrees, namedTree } from '../trees.js';

interface Options extends OutputOptions {
  trees: string[];
}

/** "start; q1 (yes), fix-a (did-not-help); triage#q3 (no)", or "unreached". */
function enteredFrom(n: OutlineNode): string {
  const parts = [...(n.start ? ['start'] : []), ...n.from.map((f) => `${f.node} (${f.via})`), ...n.entries.map((e) => `${e.tree}#${e.node} (${e.via})`)];
  return parts.length ? parts.join(', ') : 'unreached';
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    const loaded = await loadCleanTrees(io, values.trees);
    if (!loaded) return 1;
    const tree = namedTree(loaded, positionals, 'eas-doctor show ssl');
    const id = tree.id;
    const nodes = outlineOf(loaded.set, tree);
    if (values.json) {
      printDocument(io, 'show', { tree: id, title: tree.title, start: tree.start, nodes });
      return 0;
    }
    // Questions and titles come from tree files (--trees may be untrusted): controls shown as escapes.
    println(io.stdout, `${id}: ${safeText(tree.title)}  (${nodes.length} nodes, starts at ${tree.start})`);
    const idWidth = Math.max(...nodes.map((n) => n.id.length), 2);
    const kindWidth = Math.max(...nodes.map((n) => n.kind.length));
    for (const n of nodes) {
      println(io.stdout);
      println(io.stdout, `${n.id.padEnd(idWidth)}  ${n.kind.padEnd(kindWidth)}  ${safeText(n.text)}${n.probe ? `  [probe ${n.probe}]` : ''}`);
      println(io.stdout, `${' '.repeat(idWidth + kindWidth + 4)}from: ${enteredFrom(n)}`);
    }
    return 0;
  },
};
