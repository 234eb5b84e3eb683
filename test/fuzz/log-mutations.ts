// Hostile IIS W3C logs: what a broken disk, a half-copied file, a log rotated mid-read or an
// attacker who controls a user name, a device id or a user agent can put in front of `log`.
import { gzipSync } from 'node:zlib';
import { logText, FIELDS_14, FIELDS_15, type Req } from '../evidence/helpers.js';
import { insertRandomBytes, truncateRandomly, type Rng } from './rng.js';

export interface LogMutant {
  bytes: Uint8Array;
  ops: string[];
  /** A user name the log holds, for `--user` (maybe a hostile one). */
  user: string;
  /** A device id the log holds, for `--device`. */
  device: string;
}

const enc = new TextEncoder();
const ESCAPES = ['\u001b]0;pwned\u0007', '\u001b[2J', '\u001b[31m', '\u009b1m', '\u202e', '\u2066', '\u0007', '\b\b\b', '\r', '\u001b]8;;http://evil/\u0007x\u001b]8;;\u0007'];
/** The same, percent-encoded as IIS writes a query string: decoding must not make them raw. */
const ENCODED = ['%1b%5d0%3bpwned%07', '%1B%5B2J', '%E2%80%AE', '%C2%9B1m', '%00', '%0a%0d', '%ff%fe', '%', '%zz', '%e2%80'];

/** A plausible request with some fields drawn at random, hostile text in some. */
function request(rng: Rng, users: string[], devices: string[]): Req {
  const hostile = rng.chance(0.3);
  const user = hostile ? `ev${rng.pick(ESCAPES)}il${rng.int(0, 3)}` : rng.pick(users);
  return {
    at: `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
    user: rng.chance(0.2) ? `${user}${rng.pick(ENCODED)}` : user,
    device: rng.chance(0.2) ? `Appl${rng.pick(ENCODED)}${rng.pick(ESCAPES)}` : rng.pick(devices),
    type: rng.chance(0.1) ? rng.pick(ESCAPES) : rng.pick(['iPhone', 'Android', 'WindowsMail']),
    cmd: rng.pick(['Sync', 'Ping', 'FolderSync', 'Provision', 'SendMail', rng.pick(ESCAPES), '']),
    method: rng.pick(['POST', 'POST', 'OPTIONS', 'GET']),
    status: rng.pick([200, 200, 200, 401, 403, 449, 500, 503, 302, 0, 999_999]),
    sub: rng.pick([0, 0, 1, 2]),
    name: rng.chance(0.3) ? rng.pick(['-', `DOMAIN\\${user}`, `${user}@contoso.com`, `domain.local\\${user}${rng.pick(ESCAPES)}`]) : undefined,
    log: rng.chance(0.3) ? rng.pick(['Error:UserDisabled_', 'Error:DeviceIsBlockedForThisUser_', `Error:${rng.pick(ESCAPES)}_`, 'PrxFrom:10.0.0.10_Mbx:x_']) : undefined,
    proxy: rng.chance(0.2),
    date: rng.chance(0.05) ? rng.pick(['2024-13-45', '99999-01-01', 'yesterday', '']) : undefined,
  };
}

type Op = (text: string, rng: Rng) => { text: string | Uint8Array; op: string };

const lineOf = (lines: string[], rng: Rng) => rng.int(0, Math.max(0, lines.length - 1));

const ops: Op[] = [
  (t, rng) => insertRandomBytes(t, rng, 64),
  (t, rng) => {
    const at = rng.int(0, t.length);
    return { text: t.slice(0, at) + '\u0000'.repeat(rng.pick([1, 100, 70_000])) + t.slice(at), op: `NULs at ${at}` };
  },
  (t, rng) => {
    const lines = t.split('\n');
    const i = lineOf(lines, rng);
    const n = rng.pick([70_000, 1_100_000, 3_000_000]);
    lines.splice(i, 0, rng.chance(0.5) ? 'x'.repeat(n) : `2024-05-01 10:00:00 10.0.0.10 POST /Microsoft-Server-ActiveSync/default.eas User=${'u'.repeat(n)}&DeviceId=D&Cmd=Sync 443 - 1.2.3.4 UA 200 0 0 1`);
    return { text: lines.join('\n'), op: `a ${n}-character line at ${i + 1}` };
  },
  (t, rng) => {
    // #Fields: lines that alternate layouts (or name nothing, or the same field twice).
    const lines = t.split('\n');
    const layouts = [FIELDS_14, FIELDS_15, 'date time cs-username sc-status', 'time date', '', 'date date date', 'cs-uri-query', FIELDS_14.split(' ').reverse().join(' ')];
    for (let k = rng.int(1, 20); k > 0; k--) lines.splice(rng.int(0, lines.length), 0, `#Fields: ${rng.pick(layouts)}`);
    return { text: lines.join('\n'), op: 'alternating #Fields: lines' };
  },
  (t, rng) => {
    const lines = t.split('\n');
    const i = lineOf(lines, rng);
    const cols = lines[i]!.split(' ');
    cols.splice(rng.int(0, cols.length), rng.int(1, 5));
    lines[i] = cols.join(' ');
    return { text: lines.join('\n'), op: `line ${i + 1} missing fields` };
  },
  (t, rng) => {
    const lines = t.split('\n');
    const i = lineOf(lines, rng);
    lines[i] = `${lines[i]} extra ${rng.pick(ESCAPES)} columns`;
    return { text: lines.join('\n'), op: `line ${i + 1} with extra fields` };
  },
  (t, rng) => {
    const how = rng.int(0, 2);
    const out = how === 0 ? t.replace(/\r?\n/g, '\n') : how === 1 ? t.replace(/\r?\n/g, '\r') : t.replace(/\r?\n/g, () => rng.pick(['\n', '\r\n', '\r', '\n\n']));
    return { text: out, op: ['LF only', 'CR only', 'mixed line ends'][how]! };
  },
  truncateRandomly,
  (t) => ({ text: `\ufeff${t}`, op: 'byte order mark' }),
  (t) => ({ text: Buffer.from(`\ufeff${t}`, 'utf16le'), op: 'UTF-16' }),
  (t, rng) => {
    const lines = t.split('\n');
    for (let k = rng.int(1, 5); k > 0; k--) lines.splice(rng.int(0, lines.length), 0, rng.pick(['#Date: never', '#Software: \u001b]0;pwned\u0007', '#', '#Fields:', '#Remark: ' + rng.pick(ESCAPES)]));
    return { text: lines.join('\n'), op: 'odd directives' };
  },
];

/** What the bytes become on disk: plain, gzip, gzip cut short, garbage behind the gzip magic, gzip twice. */
function container(bytes: Uint8Array, rng: Rng): { bytes: Uint8Array; op?: string } {
  const r = rng.next();
  if (r < 0.7) return { bytes };
  const gz = gzipSync(bytes);
  if (r < 0.8) return { bytes: gz, op: 'gzip' };
  if (r < 0.88) {
    const at = rng.int(2, gz.length - 1);
    return { bytes: gz.subarray(0, at), op: `gzip truncated at byte ${at} of ${gz.length}` };
  }
  if (r < 0.95) return { bytes: Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(Array.from({ length: rng.int(0, 4_000) }, () => rng.int(0, 255)))]), op: 'garbage behind the gzip magic' };
  return { bytes: gzipSync(gz), op: 'gzip of gzip' };
}

/** A hostile log: requests with hostile fields, then 0-3 mutations, then maybe gzip'd. */
export function hostileLog(rng: Rng): LogMutant {
  const users = ['alice', 'bob', 'User2', `CONTOSO\\ev${rng.pick(ESCAPES)}il`];
  const devices = ['ApplF17XXXX', 'androidc1', `dev${rng.pick(ESCAPES)}`];
  const reqs = Array.from({ length: rng.int(0, 60) }, () => request(rng, users, devices));
  const applied: string[] = [];
  let text: string | Uint8Array = logText(reqs, rng.chance(0.5) ? FIELDS_14 : FIELDS_15);
  for (let k = rng.int(0, 3); k > 0; k--) {
    const r = rng.pick(ops)(typeof text === 'string' ? text : Buffer.from(text).toString('latin1'), rng);
    applied.push(r.op);
    text = r.text;
  }
  const box = container(typeof text === 'string' ? enc.encode(text) : text, rng);
  if (box.op) applied.push(box.op);
  const some = reqs.length ? rng.pick(reqs) : undefined;
  return { bytes: box.bytes, ops: applied.length ? applied : ['none'], user: some?.user ?? 'alice', device: some?.device ?? 'ApplF17XXXX' };
}
