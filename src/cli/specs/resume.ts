import { dataDir, insecure, json, noColor, resolver, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const resume: CommandSpec = {
  name: 'resume',
  summary: 'continue a journaled session where it stopped',
  usage: 'ID [options]',
  description:
    'Continues a session from its journal, exactly where it stopped (a crash loses at most the step in progress). Passwords were never recorded, so a probe that needs one asks again.\n\n' +
    "If a tree the session used changed since it started (the journal keeps each tree's id, version and content hash), resume says so and continues from the same step when the answers so far still fit, asks a question again whose answer is gone, or restarts from the first question with the inputs kept.",
  args: [{ name: 'id', doc: 'the session id ("eas-doctor sessions" lists them)', complete: 'session' }],
  options: [
    { flags: '--answers <file>', doc: 'continue without asking, from an answers file (the format of "run"), or - for standard input', complete: 'file' },
    { flags: '--run-probes', doc: "run a question's probe for real and take the answer it maps to" },
    insecure(),
    resolver,
    trees,
    dataDir,
    json('print the walk as JSON (with --answers)'),
    noColor,
  ],
  examples: ['eas-doctor sessions --status open', 'eas-doctor resume 20261122-k3x9qa', "printf 'fixed\\n' | eas-doctor resume 20261122-k3x9qa --answers -"],
  load: () => import('../commands/resume.js'),
};
