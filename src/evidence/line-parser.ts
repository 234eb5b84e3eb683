// The hot path: one W3C line -> one ActiveSync request, found with indexOf and charCodeAt
// into a record reused for every line (no per-line objects besides a few short slices).
import type { Layout } from './fields.js';
import { readHotTokens, type HotTokens } from './log-tokens.js';

/** One ActiveSync request as read from a line. Reused: copy what you keep. */
export interface RequestRecord extends HotTokens {
  /** YYYYMMDDhhmmss (UTC, as IIS writes it), 0 when the line has no date. */
  ts: number;
  options: boolean;
  /** A back-end line: port 444 or a `/Proxy/` stem (Exchange 2013 and later). */
  proxy: boolean;
  port: number;
  /** The `User=` value as logged, or the cs-username when the query has none. */
  user: string;
  deviceId: string;
  deviceType: string;
  cmd: string;
  /** cs-username as logged ('' when absent or `-`). */
  username: string;
  clientIp: string;
  /** 0 when the line has no sc-status. */
  status: number;
  substatus: number;
}

/** A fresh record to pass to `parseLine`. */
export function newRecord(): RequestRecord {
  return {
    ts: 0,
    options: false,
    proxy: false,
    port: 0,
    user: '',
    deviceId: '',
    deviceType: '',
    cmd: '',
    username: '',
    clientIp: '',
    status: 0,
    substatus: 0,
    error: '',
    as: '',
    easStatus: '',
    mbx: '',
    prxFrom: '',
  };
}

/** `parseLine` outcomes. */
export const PARSED = 0;
export const NOT_EAS = 1;
/** Field count differs from the layout, or the line looks over-escaped: try the repair path. */
export const NEEDS_REPAIR = 2;
export const GARBAGE = 3;
export type ParseOutcome = typeof PARSED | typeof NOT_EAS | typeof NEEDS_REPAIR | typeof GARBAGE;

const MAX_FIELDS = 64;
const starts = new Int32Array(MAX_FIELDS);
const ends = new Int32Array(MAX_FIELDS);
/** Field index of each layout position for a line whose field count differs (repair path). */
const aligned = new Int32Array(MAX_FIELDS);

const EAS_PREFIX = '/microsoft-server-activesync';

/**
 * Reads `line` with `layout` into `rec`. With `tolerant`, a line with too few or too many
 * fields is aligned from both ends (the repair path); otherwise it returns NEEDS_REPAIR.
 */
export function parseLine(line: string, layout: Layout, rec: RequestRecord, tolerant = false): ParseOutcome {
  const n = splitFields(line);
  let align = false;
  if (n !== layout.count) {
    if (!tolerant) return NEEDS_REPAIR;
    alignFields(layout, n);
    align = true;
  }
  const at = (i: number): number => (i < 0 ? -1 : align ? (aligned[i] ?? -1) : i);

  const stem = at(layout.stem);
  if (stem < 0) return tolerant ? GARBAGE : NEEDS_REPAIR;
  const stemStart = starts[stem]!;
  if (!startsWithLower(line, stemStart, ends[stem]!, EAS_PREFIX)) return NOT_EAS;
  const afterPrefix = stemStart + EAS_PREFIX.length;
  rec.proxy = startsWithLower(line, afterPrefix, ends[stem]!, '/proxy');

  const statusField = at(layout.status);
  if (statusField >= 0) {
    rec.status = readInt(line, starts[statusField]!, ends[statusField]!);
    if (rec.status < 0) {
      if (!tolerant) return GARBAGE;
      rec.status = 0;
    }
  } else rec.status = 0;
  const subField = at(layout.substatus);
  rec.substatus = subField >= 0 ? Math.max(0, readInt(line, starts[subField]!, ends[subField]!)) : 0;
  const portField = at(layout.port);
  rec.port = portField >= 0 ? Math.max(0, readInt(line, starts[portField]!, ends[portField]!)) : 0;
  if (rec.port === 444) rec.proxy = true;

  const date = at(layout.date);
  const time = at(layout.time);
  rec.ts = date >= 0 && time >= 0 ? readTimestamp(line, starts[date]!, ends[date]!, starts[time]!, ends[time]!) : 0;

  const method = at(layout.method);
  rec.options = method >= 0 && line.startsWith('OPTIONS', starts[method]!);

  const userField = at(layout.username);
  rec.username = '';
  if (userField >= 0) {
    const us = starts[userField]!;
    const ue = ends[userField]!;
    if (ue > us && !(ue - us === 1 && line.charCodeAt(us) === 45)) rec.username = line.slice(us, ue);
  }
  const clientField = at(layout.clientIp);
  rec.clientIp = rec.proxy && clientField >= 0 ? line.slice(starts[clientField], ends[clientField]) : '';
  if (align && rec.username !== '' && clientField < 0) splitGluedAddress(rec);

  rec.user = '';
  rec.deviceId = '';
  rec.deviceType = '';
  rec.cmd = '';
  rec.error = '';
  rec.as = '';
  rec.easStatus = '';
  rec.mbx = '';
  rec.prxFrom = '';
  const query = at(layout.query);
  if (query >= 0) {
    const qs = starts[query]!;
    const qe = ends[query]!;
    if (!tolerant && (indexIn(line, '\\', qs, qe) >= 0 || indexIn(line, '&amp;', qs, qe) >= 0)) return NEEDS_REPAIR;
    readQuery(line, qs, qe, rec);
  }
  if (rec.user === '') rec.user = rec.username;
  return PARSED;
}

/** Splits on single spaces into `starts`/`ends`; returns the field count. */
function splitFields(line: string): number {
  let n = 0;
  let p = 0;
  while (n < MAX_FIELDS) {
    const sp = line.indexOf(' ', p);
    starts[n] = p;
    if (sp < 0) {
      ends[n] = line.length;
      return n + 1;
    }
    ends[n] = sp;
    n++;
    p = sp + 1;
  }
  return n;
}

/**
 * Aligns a line of `n` fields to a layout of another count: fields up to cs-username from the
 * start, the rest from the end. A wrapped or glued line thus keeps its date, URL and status.
 */
function alignFields(layout: Layout, n: number): void {
  const headLimit = layout.username >= 0 ? layout.username : Math.max(layout.query, layout.port, layout.stem);
  for (let i = 0; i < layout.count && i < MAX_FIELDS; i++) {
    if (i <= headLimit) aligned[i] = i < n ? i : -1;
    else {
      const t = n - (layout.count - i);
      aligned[i] = t > headLimit && t < n ? t : -1;
    }
  }
}

/** `DOMAIN\Username192.168.100.201` (a space lost in copy and paste) -> name and address. */
function splitGluedAddress(rec: RequestRecord): void {
  const m = /^(.*?[^\d.])((?:\d{1,3}\.){3}\d{1,3})$/.exec(rec.username);
  if (m?.[1]) {
    rec.username = m[1];
    if (rec.proxy) rec.clientIp = m[2] ?? '';
  }
}

function readQuery(line: string, qs: number, qe: number, rec: RequestRecord): void {
  let p = qs;
  if (line.charCodeAt(p) === 63 /* ? */) p++;
  while (p < qe) {
    let amp = line.indexOf('&', p);
    if (amp < 0 || amp > qe) amp = qe;
    const c = line.charCodeAt(p);
    if (c === 85 /* U */ && line.startsWith('User=', p)) rec.user = line.slice(p + 5, amp);
    else if (c === 68 /* D */ && line.startsWith('Device', p)) {
      if (line.startsWith('Id=', p + 6)) rec.deviceId = line.slice(p + 9, amp);
      else if (line.startsWith('Type=', p + 6)) rec.deviceType = line.slice(p + 11, amp);
    } else if (c === 67 /* C */ && line.startsWith('Cmd=', p)) rec.cmd = line.slice(p + 4, amp);
    else if (c === 76 /* L */ && line.startsWith('Log=', p)) {
      // Log= is the last parameter; its value never contains a raw '&'.
      readHotTokens(line, p + 4, qe, rec);
      return;
    }
    p = amp + 1;
  }
}

/** `2011-05-06` and `11:30:11` -> 20110506113011; 0 when either is not 8 or 6 digits. */
function readTimestamp(line: string, ds: number, de: number, ts: number, te: number): number {
  const d = readDigits(line, ds, de, 8);
  const t = readDigits(line, ts, te, 6);
  return d < 0 || t < 0 ? 0 : d * 1_000_000 + t;
}

/** The digits of line[s..e) as one number, skipping separators; -1 unless exactly `want` digits. */
function readDigits(line: string, s: number, e: number, want: number): number {
  let v = 0;
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      v = v * 10 + c;
      n++;
    } else if (c !== -3 /* - */ && c !== 10 /* : */) return -1;
  }
  return n === want ? v : -1;
}

/** Non-negative integer in line[s..e), or -1 when the field is not all digits. */
function readInt(line: string, s: number, e: number): number {
  if (e <= s) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Case-insensitive prefix test against an all-lower-case ASCII prefix, bounded by `end`. */
function startsWithLower(line: string, at: number, end: number, prefix: string): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let c = line.charCodeAt(at + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

function indexIn(line: string, needle: string, s: number, e: number): number {
  const i = line.indexOf(needle, s);
  return i >= 0 && i + needle.length <= e ? i : -1;
}
