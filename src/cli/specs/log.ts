import { json, noColor } from './options.js';
import type { CommandSpec } from './types.js';

export const log: CommandSpec = {
  name: 'log',
  summary: 'read IIS logs: which users and devices fail, why, and where to continue',
  usage: 'FILE... [options]',
  description:
    'Reads IIS W3C logs and reports the failing users and devices, each with its classification and the tree node to continue at; with --user or --device, that one\'s story. Exit: 0 no failing story, 1 a failing story (or a file that cannot be read), 2 bad usage or a missing file.',
  args: [{ name: 'file...', doc: 'IIS W3C log files: paths, folders, globs ("W3SVC1/u_ex*.log") or comma-separated lists; .gz files are read as they are', complete: 'file' }],
  options: [
    { flags: '--user <user>', doc: "tell one user's story (DOMAIN\\user, domain.local\\user, user or UPN)" },
    { flags: '--device <id>', doc: "tell one device's story (its DeviceId)" },
    { flags: '--since <time>', doc: 'only requests at or after T: 2024-05-01, "2024-05-01 13:00", or an age: 90m, 2h, 7d' },
    { flags: '--until <time>', doc: 'only requests at or before T (same forms)' },
    { flags: '--top <n>', doc: 'failing users and devices to list (default 10)' },
    json('print the report as JSON'),
    noColor,
  ],
  examples: ['eas-doctor log C:/inetpub/logs/LogFiles/W3SVC1/u_ex240501.log', "eas-doctor log 'W3SVC2/*.log' --user jmartin --since 2d"],
  load: () => import('../commands/log.js'),
};
