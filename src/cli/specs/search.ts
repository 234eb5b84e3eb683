import { json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const search: CommandSpec = {
  name: 'search',
  summary: 'rank trees, questions and fixes for a symptom, message or code',
  usage: 'QUERY... [options]',
  description:
    'Ranks the trees, and the questions and fixes inside them, for what the user sees or pastes: a device message, an IIS status (401.2, 451), an error code (0x80072f0d), a header (X-MS-Location) or a symptom in your words. Each result is a target for "eas-doctor run": a tree (its start) or tree#node (that question or fix), with the text that matched. Exit: 0 something matched, 1 nothing did, 2 bad usage.',
  args: [{ name: 'query...', doc: 'what to search for; several words are one query', complete: 'none' }],
  options: [{ flags: '--limit <n>', doc: 'results to print (default 10)' }, trees, json('print {format, version, query, results: [{target, title, tree, kind, score, matched, field}]}'), noColor],
  examples: ['eas-doctor search 0x80072f0d', 'eas-doctor search "Your device is not provisioned" --json', `eas-doctor run "$(eas-doctor search 451 --json | jq -r '.results[0].target')"`],
  load: () => import('../commands/search.js'),
};
