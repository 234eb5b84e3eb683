import { insecure, json, noColor, timeout } from './options.js';
import type { CommandSpec } from './types.js';

export const probe: CommandSpec = {
  name: 'probe',
  summary: 'run one probe and print its classification and evidence',
  usage: 'ID [--param key=value ...] [options]',
  description:
    'Runs one probe and prints its classification, summary and evidence. "eas-doctor probe ID --help" lists that probe\'s parameters and classifications.\n\n' +
    'Passwords are asked with masked input, or read from EAS_DOCTOR_PASSWORD; key passphrases from EAS_DOCTOR_KEY_PASSPHRASE. Exit: 0 pass or warn, 1 fail, 2 usage error.',
  args: [{ name: 'id', doc: 'the probe id, e.g. tls.certificate', complete: 'probe' }],
  options: [
    { flags: '-p, --param <key=value>', doc: 'a probe parameter (repeat for several)', repeat: true },
    timeout("hard limit for the probe (default: the probe's own)"),
    insecure('allow credentials over unverified TLS or plain HTTP for this run'),
    json('print the result as JSON'),
    noColor,
  ],
  examples: ['eas-doctor probe tls.certificate --param host=mail.contoso.com', 'eas-doctor probe tcp.connect --help'],
  load: () => import('../commands/probe.js'),
};
