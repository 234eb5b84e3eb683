import { json, noColor } from './options.js';
import type { CommandSpec } from './types.js';

export const newTree: CommandSpec = {
  name: 'new',
  summary: 'write a starter tree that validates and passes its test',
  usage: 'ID [options]',
  description:
    'Writes DIR/ID.yaml (DIR defaults to ./trees when it exists, else the current folder): a starter tree with the schema modeline (by URL, so it works wherever the file goes), one question, one fix, one escalation and two tests. It validates and passes its tests as written; edit it from there.',
  args: [{ name: 'id', doc: 'the new tree id (kebab-case)', complete: 'none' }],
  options: [{ flags: '--dir <dir>', doc: 'the folder to write to', complete: 'dir' }, { flags: '--force', doc: 'overwrite an existing file' }, json('print what was written as JSON'), noColor],
  examples: ['eas-doctor new vpn-split-tunnel', 'eas-doctor new mdm --dir company-trees && eas-doctor test company-trees'],
  load: () => import('../commands/new.js'),
};
