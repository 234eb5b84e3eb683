// The hot path: one W3C line -> one ActiveSync request, found with indexOf and charCodeAt
// into a record reused for every line (no per-line objects besides a few short slices).
import type { Layout } from './fields.js';
import { Cursor } from './cursor.js';
import { readHotTokens, type HotTokens } from './log-tokens.js';

/**
 * One ActiveSync request as read from a line: numbers, and offsets into `text` for strings
 * (sliced only when the aggregator meets a new value). Reused for every line.
 */
export interface RequestRecord extends HotTokens {
  /** The text the offsets point into: a whole read chunk, or one repaired line. */
  text: string;
  /** The same text as bytes (latin1: offsets are equal), for fast comparisons. */
  bytes: Uint8Array;
  lineS: number;
  lineE: number;
  /** YYYYMMDDhhmmss (UTC, as IIS writes it), 0 when the line has no date. */
  ts: number;
  options: boolean;
  /** A back-end line: port 444 or a `/Proxy/` stem (Exchange 2013 and later). */
  proxy: boolean;
  port: number;
  /** 0 when the line has no sc-status. */
  status: number;
  substatus: number;
  /** `User=` value, or the cs-username when the query has none. */
  userS: number;
  userE: number;
  devS: number;
  devE: number;
  typeS: number;
  typeE: number;
  /** cs-username (empty when absent or `-`). */
  nameS: number;
  nameE: number;
  /** The query has a Log= value: the request went through Exchange's ActiveSync handler. */
  logged: boolean;
  /** c-ip of a back-end line (the proxying front end). */
  cipS: number;
  cipE: number;
}

/** A fresh record to pass to `parseLine`. */
export function newRecord(): RequestRecord {
  return {
    text: '',
    bytes: new Uint8Array(0),
    lineS: 0,
    lineE: 0,
    ts: 0,
    options: false,
    proxy: false,
    port: 0,
    status: 0,
    substatus: 0,
    userS: 0,
    userE: 0,
    devS: 0,
    devE: 0,
    typeS: 0,
    typeE: 0,
    nameS: 0,
    nameE: 0,
    cipS: 0,
    cipE: 0,
    logged: false,
    errS: 0,
    errE: 0,
    asS: 0,
    asE: 0,
    easS: 0,
    easE: 0,
    mbxS: 0,
    mbxE: 0,
    prxS: 0,
    prxE: 0,
  };
}

/** A string field of a record, sliced. */
export function field(rec: RequestRecord, s: number, e: number): string {
  return e > s ? rec.text.slice(s, e) : '';
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
 * Reads the line `text[ls..le)` with `layout` into `rec`. With `tolerant`, a line with too few
 * or too many fields is aligned from both ends (the repair path); otherwise it returns NEEDS_REPAIR.
 */
export function parseLine(text: string, bytes: Uint8Array, ls: number, le: number, layout: Layout, rec: RequestRecord, tolerant = false): ParseOutcome {
  rec.bytes = bytes;
  const n = splitFields(text, ls, le);
  if (n !== layout.count) {
    if (!tolerant) return NEEDS_REPAIR;
    return parseAligned(text, ls, le, layout, rec, n);
  }
  return parseFields(text, ls, le, layout, rec, tolerant, false);
}

/** The repair path: fields aligned from both ends (see alignFields). */
function parseAligned(text: string, ls: number, le: number, layout: Layout, rec: RequestRecord, n: number): ParseOutcome {
  alignFields(layout, n);
  return parseFields(text, ls, le, layout, rec, true, true);
}

function parseFields(text: string, ls: number, le: number, layout: Layout, rec: RequestRecord, tolerant: boolean, align: boolean): ParseOutcome {

  rec.text = text;
  rec.lineS = ls;
  rec.lineE = le;

  const stem = pos(layout.stem, align);
  if (stem < 0) return tolerant ? GARBAGE : NEEDS_REPAIR;
  const stemStart = starts[stem]!;
  if (!startsWithLower(text, stemStart, ends[stem]!, EAS_PREFIX)) return NOT_EAS;
  rec.proxy = startsWithLower(text, stemStart + EAS_PREFIX.length, ends[stem]!, '/proxy');

  const statusField = pos(layout.status, align);
  if (statusField >= 0) {
    rec.status = readInt(text, starts[statusField]!, ends[statusField]!);
    if (rec.status < 0) {
      if (!tolerant) return GARBAGE;
      rec.status = 0;
    }
  } else rec.status = 0;
  const subField = pos(layout.substatus, align);
  rec.substatus = subField >= 0 ? Math.max(0, readInt(text, starts[subField]!, ends[subField]!)) : 0;
  const portField = pos(layout.port, align);
  rec.port = portField >= 0 ? Math.max(0, readInt(text, starts[portField]!, ends[portField]!)) : 0;
  if (rec.port === 444) rec.proxy = true;

  const date = pos(layout.date, align);
  const time = pos(layout.time, align);
  rec.ts = date >= 0 && time >= 0 ? readTimestamp(text, starts[date]!, ends[date]!, starts[time]!, ends[time]!) : 0;

  const method = pos(layout.method, align);
  rec.options = method >= 0 && text.startsWith('OPTIONS', starts[method]!);

  const nameField = pos(layout.username, align);
  rec.nameS = rec.nameE = 0;
  if (nameField >= 0) {
    const us = starts[nameField]!;
    const ue = ends[nameField]!;
    if (ue > us && !(ue - us === 1 && text.charCodeAt(us) === 45)) {
      rec.nameS = us;
      rec.nameE = ue;
    }
  }
  const clientField = pos(layout.clientIp, align);
  rec.cipS = rec.cipE = 0;
  if (rec.proxy && clientField >= 0) {
    rec.cipS = starts[clientField]!;
    rec.cipE = ends[clientField]!;
  }
  if (align && rec.nameE > rec.nameS && clientField < 0) splitGluedAddress(rec);

  rec.userS = rec.userE = rec.devS = rec.devE = rec.typeS = rec.typeE = 0;
  rec.logged = false;
  rec.errS = rec.errE = rec.asS = rec.asE = rec.easS = rec.easE = rec.mbxS = rec.mbxE = rec.prxS = rec.prxE = 0;
  const query = pos(layout.query, align);
  if (query >= 0) {
    const qs = starts[query]!;
    const qe = ends[query]!;
    if (!tolerant && (backslash.find(text, qs, qe) >= 0 || escapedAmp.find(text, qs, qe) >= 0)) return NEEDS_REPAIR;
    readQuery(text, qs, qe, rec);
  }
  if (rec.userE === rec.userS) {
    rec.userS = rec.nameS;
    rec.userE = rec.nameE;
  }
  return PARSED;
}

/** The field index of a layout position: itself, or its aligned index on the repair path. */
function pos(i: number, align: boolean): number {
  return i < 0 || !align ? i : (aligned[i] ?? -1);
}

/** Splits text[ls..le) on single spaces into `starts`/`ends`; returns the field count. */
function splitFields(text: string, ls: number, le: number): number {
  let n = 0;
  let p = ls;
  while (n < MAX_FIELDS) {
    const sp = text.indexOf(' ', p);
    starts[n] = p;
    if (sp < 0 || sp >= le) {
      ends[n] = le;
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
  const m = /^(.*?[^\d.])((?:\d{1,3}\.){3}\d{1,3})$/.exec(rec.text.slice(rec.nameS, rec.nameE));
  if (m?.[1]) {
    rec.nameE = rec.nameS + m[1].length;
    if (rec.proxy) {
      rec.cipS = rec.nameE;
      rec.cipE = rec.cipS + (m[2]?.length ?? 0);
    }
  }
}

function readQuery(line: string, qs: number, qe: number, rec: RequestRecord): void {
  let p = qs;
  if (line.charCodeAt(p) === 63 /* ? */) p++;
  while (p < qe) {
    let amp = line.indexOf('&', p);
    if (amp < 0 || amp > qe) amp = qe;
    const c = line.charCodeAt(p);
    if (c === 85 /* U */ && line.startsWith('User=', p)) {
      rec.userS = p + 5;
      rec.userE = amp;
    } else if (c === 68 /* D */ && line.startsWith('Device', p)) {
      if (line.startsWith('Id=', p + 6)) {
        rec.devS = p + 9;
        rec.devE = amp;
      } else if (line.startsWith('Type=', p + 6)) {
        rec.typeS = p + 11;
        rec.typeE = amp;
      }
    } else if (c === 76 /* L */ && line.startsWith('Log=', p)) {
      // Log= is the last parameter; its value never contains a raw '&'.
      rec.logged = true;
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

const backslash = new Cursor('\\');
const escapedAmp = new Cursor('&amp;');
