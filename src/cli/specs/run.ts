import { dataDir, insecure, json, noColor, resolver, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const run: CommandSpec = {
  name: 'run',
  summary: 'walk a tree (interactive, or scripted with --answers)',
  usage: '[TREE] [options]',
  description:
    'Walks a tree. In a terminal it starts the wizard; with --answers it walks without asking, prints the path and the end, and exits 0 at a fix or escalation, 1 if the answers ran out first, 2 on a bad answer (with the answers file\'s line) or bad usage. "eas-doctor" with no command is "eas-doctor run".',
  args: [{ name: 'tree', doc: 'a tree id (default: triage), or tree#node to start at a node', complete: 'tree' }],
  options: [
    { flags: '--answers <file>', doc: 'answers file, or - for standard input (one step per line, see below)', complete: 'file' },
    { flags: '--ticket <id>', doc: 'the helpdesk ticket this session belongs to' },
    { flags: '--run-probes', doc: "run a question's probe for real and take the answer it maps to" },
    { flags: '--journal', doc: 'journal a scripted walk like a wizard session (resume, export, sessions); without it a scripted walk leaves no session behind' },
    insecure(),
    resolver,
    trees,
    dataDir,
    json('print the walk as JSON (scripted runs)'),
    noColor,
  ],
  notes: `Answers file, one step per line:
  host=mail.contoso.com   an input           yes / expired       an answer key
  unknown                 I don't know (runs the question's check first, if it has one)
  probe                   run the probe      skip                answer this probe's question by hand
  fixed                   the fix worked     did-not-help        go on past the fix
  back / restart          undo / start over  note: text          a note for the transcript
  # comment`,
  examples: ['eas-doctor run', 'eas-doctor run ssl --ticket INC-4711', "printf 'no\\n' | eas-doctor run triage --answers -", 'eas-doctor run connectivity --answers walk.txt --run-probes --json'],
  load: () => import('../commands/run.js'),
};
