import { dataDir, json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const exportSpec: CommandSpec = {
  name: 'export',
  summary: 'write a session transcript as Markdown, JSON or HTML (--redact to mask names)',
  usage: 'ID|JOURNAL.jsonl [options]',
  description:
    "Writes a session's transcript: the ticket, operator, times, inputs, every question with its answer (and whether a probe's evidence gave it), the evidence, notes, the fix with its commands and verification, and the outcome. Passwords are never in it: they are never recorded.\n\n" +
    '--redact also masks user names, host names, IP addresses and e-mail addresses (the same value gets the same mask, e.g. host-1, user-1) for transcripts that leave the company.',
  args: [{ name: 'session', doc: 'a session id, or the path of a journal file (.jsonl)', complete: 'session' }],
  options: [
    { flags: '--format <format>', doc: 'md (for the ticket, default), json (schema/transcript.schema.json) or html (one printable file with the path drawn as a diagram)', choices: ['md', 'json', 'html'] },
    { flags: '-o, --output <file>', doc: 'write to FILE instead of standard output (the format follows its extension when --format is not given)', complete: 'file' },
    { flags: '--redact', doc: 'mask user names, host names, IP addresses and e-mail addresses' },
    { flags: '--force', doc: 'with -o, replace an existing file (a symbolic link is replaced, never followed)' },
    trees,
    dataDir,
    json('the same as --format json'),
    noColor,
  ],
  examples: [
    'eas-doctor export 20261122-k3x9qa --format md | clip',
    'eas-doctor export 20261122-k3x9qa --format html -o INC-4711.html --redact',
    'eas-doctor export 20261122-k3x9qa --format json -o walk.json && eas-doctor replay walk.json',
  ],
  load: () => import('../commands/export.js'),
};
