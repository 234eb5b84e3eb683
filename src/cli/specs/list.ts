import { json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const list: CommandSpec = {
  name: 'list',
  summary: 'list trees, their symptoms and fixes (or causes)',
  usage: '[options]',
  description:
    'Lists the loaded trees with their titles, symptoms and number of fixes. With --causes, lists every cause a tree covers (a fix\'s "cause"), its fix and its sources; with --sources, the sources registry (sources.yaml: title, publisher, year, URL); --format md prints the Markdown table README.md carries.',
  options: [
    { flags: '--causes', doc: 'every cause with its fix and sources' },
    { flags: '--sources', doc: 'the sources fixes cite: title, publisher, year, URL' },
    { flags: '--format <format>', doc: 'text (default), md or json', choices: ['text', 'md', 'json'] },
    trees,
    json('print the trees as JSON (the same as --format json)'),
    noColor,
  ],
  examples: ['eas-doctor list', 'eas-doctor list --causes --format md', 'eas-doctor list --sources'],
  load: () => import('../commands/list.js'),
};
