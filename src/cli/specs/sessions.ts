import { dataDir, json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const sessions: CommandSpec = {
  name: 'sessions',
  summary: 'list journaled sessions: id, ticket, start, tree, status, last step',
  usage: '[options]',
  description:
    'Lists the sessions journaled in the data directory, newest first: id, ticket, start time, tree, status (open, resolved, escalated, abandoned; "fix proposed" for an open session that stopped at a fix, with the fix\'s title as its last step) and the last step taken. A session with skipped journal lines (a crash mid-step, damage) is marked "*" with what was wrong; a journal that cannot be read at all is listed as damaged, with why (exit 1).',
  options: [{ flags: '--status <status>', doc: 'only sessions with this status', choices: ['open', 'resolved', 'escalated', 'abandoned'] }, dataDir, trees, json('print the list as JSON'), noColor],
  examples: ['eas-doctor sessions', 'eas-doctor sessions --status open', "eas-doctor sessions --json | jq -r '.sessions[0].id'"],
  load: () => import('../commands/sessions.js'),
};
