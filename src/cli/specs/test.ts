import { json, noColor, trees } from './options.js';
import type { CommandSpec } from './types.js';

export const test: CommandSpec = {
  name: 'test',
  summary: 'run tree tests and report fixes no test reaches',
  usage: '[PATH...] [options]',
  description:
    'Runs the walks in trees\' "tests:" lists and in NAME.test.yaml files beside them: each starts at its tree\'s start, gives its inputs and answers, takes its stubbed probe classifications, and must end at its "expect" node. Then lists every fix and escalation that no test reaches.\n\n' +
    'PATHs (files or folders) load beside the bundled trees and only their trees are tested; without PATH, all trees are. Exit: 0 all pass, 1 a test failed (or, with --strict, a fix or escalation is unreached).',
  args: [{ name: 'path...', doc: 'tree files or folders whose tests to run', complete: 'file' }],
  options: [{ flags: '--strict', doc: 'an unreached fix or escalation fails too' }, trees, json('print the results as JSON'), noColor],
  examples: ['eas-doctor test', 'eas-doctor test my-trees/ --strict'],
  load: () => import('../commands/test.js'),
};
