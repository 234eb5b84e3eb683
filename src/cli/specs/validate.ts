import { json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const validate: CommandSpec = {
  name: 'validate',
  summary: 'check trees and print positioned diagnostics',
  usage: '[PATH...] [options]',
  description:
    'Checks tree files (YAML syntax, keys, types, targets, probes, placeholders, dead ends, nodes with no way out, unreachable nodes) and prints every problem as file:line:column: error CODE message, with the line and a caret.\n\n' +
    "PATHs are files or folders; they load beside the bundled trees (a tree with a bundled tree's id replaces it), and only their problems are shown. Without PATH: the bundled trees. Exit: 0 clean, 1 errors (or warnings with --strict), 2 bad usage or a PATH that does not exist.",
  args: [{ name: 'path...', doc: 'tree files or folders to check', complete: 'file' }],
  options: [
    { flags: '--format <format>', doc: 'text (default) or json', choices: ['text', 'json'] },
    { flags: '--strict', doc: 'warnings fail too' },
    trees,
    json('print the diagnostics as JSON (the same as --format json)'),
    noColor,
  ],
  examples: ['eas-doctor validate', 'eas-doctor validate my-trees/ --strict', 'eas-doctor validate trees/ssl.yaml --json'],
  load: () => import('../commands/validate.js'),
};
