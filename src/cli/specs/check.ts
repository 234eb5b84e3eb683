import { dataDir, insecure, json, noColor, resolver, timeout } from './options.js';
import type { CommandSpec } from './types.js';

export const check: CommandSpec = {
  name: 'check',
  summary: 'sweep DNS, TCP, TLS, ActiveSync and Autodiscover for a host; say where to continue',
  usage: 'HOST[:PORT] [options]',
  description:
    'Runs DNS -> TCP -> TLS -> TLS versions -> OPTIONS -> authenticated OPTIONS -> the ActiveSync conversation (Provision, FolderSync, Settings, Sync) -> Autodiscover against HOST (port 443 unless given) and prints pass / warn / fail per step, a verdict, and the tree node to continue at.\n\n' +
    'With --user the conversation runs as a test device: it creates one device partnership on the server (remove it with Remove-MobileDevice) and changes nothing in the mailbox.\n\n' +
    "Names resolve as this machine's OS resolves them (hosts file, then DNS); the DNS step says where DNS answers otherwise. With --resolver, every step connects where that DNS server points.\n\n" +
    'The password is asked with masked input, or read from EAS_DOCTOR_PASSWORD; never from the command line. Exit: 0 all passed (warnings allowed), 1 a failure found, 2 usage error.',
  args: [{ name: 'host', doc: 'the server name as on the phone, e.g. mail.contoso.com or mail.contoso.com:443', complete: 'none' }],
  options: [
    { flags: '--user <user>', doc: 'also try OPTIONS with Basic credentials (UPN or DOMAIN\\user)' },
    { flags: '--domain <domain>', doc: 'Windows domain put before a bare --user (D\\U)' },
    { flags: '--email <address>', doc: 'also run Autodiscover for this address' },
    { flags: '--ca <file>', doc: 'extra CA certificate (PEM) to trust, e.g. your internal root', complete: 'file' },
    resolver,
    { flags: '--path <path>', doc: 'the ActiveSync virtual directory, when not /Microsoft-Server-ActiveSync (a reverse proxy that publishes it elsewhere)' },
    { flags: '--http-port <port>', doc: "port of Autodiscover's plain-HTTP redirect step (default 80)" },
    { flags: '--connect-to <ip>', doc: "connect to this address instead of HOST's, while SNI and Host carry HOST (test a new server before DNS points at it)" },
    { flags: '--device-id <id>', doc: "DeviceId the conversation claims (default: this machine's test device for the user, kept in the data folder)" },
    { flags: '--device-type <type>', doc: 'DeviceType to claim (default EasDoctor), e.g. iPhone to meet a device access rule' },
    { flags: '--user-agent <ua>', doc: 'User-Agent to send, e.g. the phone\'s own' },
    { flags: '--eas-version <version>', doc: 'ActiveSync protocol version to speak (16.1, 16.0, 14.1, 14.0, 12.1, 12.0) instead of the highest both sides know' },
    { flags: '--ping <seconds>', doc: 'after Sync, hold a Ping this long: shows whether something in the path cuts long requests' },
    { ...dataDir, doc: 'where the test device\'s DeviceId is kept (default: $EAS_DOCTOR_HOME, else the platform data folder)' },
    insecure('allow the password over unverified TLS or plain HTTP for this run'),
    timeout("limit for each step (default: each probe's own, 5-15 s)"),
    { flags: '--password <password>', doc: 'refused: passwords are never taken from the command line', hidden: true },
    json("print every step's classification and evidence as JSON"),
    noColor,
  ],
  examples: ['eas-doctor check mail.contoso.com', 'eas-doctor check mail.contoso.com --user jdoe@contoso.com --email jdoe@contoso.com', 'eas-doctor check mail.contoso.com --connect-to 10.0.0.30'],
  load: () => import('../commands/check.js'),
};
