import { json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const replay: CommandSpec = {
  name: 'replay',
  summary: "check that JSON transcripts still end at the same node on today's trees",
  usage: 'FILE.json... [options]',
  description:
    "Re-walks each JSON transcript's recorded inputs and answers on today's trees (probes are not run: the recorded answers are taken as given) and says whether the walk still ends at the node it ended at. Exit 0 when every transcript does, 1 when one does not, 2 when a file is not a transcript.\n\n" +
    'Keep transcripts of real cases in the repository and run this in CI to notice a tree edit that sends a known case elsewhere.',
  args: [{ name: 'file...', doc: 'JSON transcripts ("eas-doctor export ID --format json")', complete: 'file' }],
  options: [trees, json('print the results as JSON'), noColor],
  examples: ['eas-doctor export 20261122-k3x9qa --format json -o cases/INC-4711.json', 'eas-doctor replay cases/*.json --trees ./trees'],
  load: () => import('../commands/replay.js'),
};
