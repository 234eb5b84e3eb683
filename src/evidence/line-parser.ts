// The hot path: one W3C line -> one ActiveSync request, read from bytes into a record reused
// for every line. No strings are made per line (nor per chunk): a string per 64 KiB chunk
// filled the young generation, and GC was a fifth of the time and most of the peak RSS.
import type { Layout } from './fields.js';
import { readHotTokens, type HotTokens } from './log-tokens.js';

/**
 * One ActiveSync request as read from a line: numbers, and offsets into `text` for strings
 * (sliced only when the aggregator meets a new value). Reused for every line.
 */
export interface RequestRecord extends HotTokens {
  /** The bytes the offsets point into: the reader's work buffer, or one repaired line. */
  bytes: Buffer;
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
  /** `Cmd=`: Sync, Ping, FolderSync, Settings, Provision... */
  cmdS: number;
  cmdE: number;
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
    bytes: Buffer.alloc(0),
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
    cmdS: 0,
    cmdE: 0,
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

/** A string field of a record, as latin1 text (one char per byte; decoded for display later). */
export function field(rec: RequestRecord, s: number, e: number): string {
  return e > s ? rec.bytes.toString('latin1', s, e) : '';
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

const EAS_PREFIX = bytesOf('/microsoft-server-activesync');
const PROXY = bytesOf('/proxy');
const OPTIONS = bytesOf('OPTIONS');

function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/**
 * Reads the line `bytes[ls..le)` with `layout` into `rec`. With `tolerant`, a line with too few
 * or too many fields is aligned from both ends (the repair path); otherwise it returns NEEDS_REPAIR.
 */
export function parseLine(bytes: Buffer, ls: number, le: number, layout: Layout, rec: RequestRecord, tolerant = false): ParseOutcome {
  // The query is the longest field and readQuery reads it anyway (and refuses a space in it):
  // split around it, from both ends, so its bytes are scanned once.
  if (!tolerant && layout.query >= 0 && splitAround(bytes, ls, le, layout.query, layout.count, layout.stem)) {
    return parseFields(bytes, ls, le, layout, rec, false, false);
  }
  easStem = -1;
  const n = splitFields(bytes, ls, le);
  if (n !== layout.count) {
    if (!tolerant) return NEEDS_REPAIR;
    alignFields(layout, n);
    return parseFields(bytes, ls, le, layout, rec, true, true);
  }
  return parseFields(bytes, ls, le, layout, rec, tolerant, false);
}

function parseFields(b: Buffer, ls: number, le: number, layout: Layout, rec: RequestRecord, tolerant: boolean, align: boolean): ParseOutcome {
  rec.bytes = b;
  rec.lineS = ls;
  rec.lineE = le;

  const stem = pos(layout.stem, align);
  if (stem < 0) return tolerant ? GARBAGE : NEEDS_REPAIR;
  const stemStart = starts[stem]!;
  // splitAround has compared the prefix when it split this line.
  if (stemStart === easStem ? ends[stem]! - stemStart < EAS_PREFIX.length : !startsWithLower(b, stemStart, ends[stem]!, EAS_PREFIX)) return NOT_EAS;
  rec.proxy = startsWithLower(b, stemStart + EAS_PREFIX.length, ends[stem]!, PROXY);

  const statusField = pos(layout.status, align);
  if (statusField >= 0) {
    rec.status = readInt(b, starts[statusField]!, ends[statusField]!);
    if (rec.status < 0) {
      if (!tolerant) return GARBAGE;
      rec.status = 0;
    }
  } else rec.status = 0;
  const subField = pos(layout.substatus, align);
  rec.substatus = subField >= 0 ? Math.max(0, readInt(b, starts[subField]!, ends[subField]!)) : 0;
  const portField = pos(layout.port, align);
  rec.port = portField >= 0 ? Math.max(0, readInt(b, starts[portField]!, ends[portField]!)) : 0;
  if (rec.port === 444) rec.proxy = true;

  const date = pos(layout.date, align);
  const time = pos(layout.time, align);
  // Written here, not returned: a timestamp is a double, boxed when a call returns it.
  const d = date >= 0 && time >= 0 ? readDigits(b, starts[date]!, ends[date]!, 8) : -1;
  const t = d >= 0 ? readDigits(b, starts[time]!, ends[time]!, 6) : -1;
  rec.ts = d < 0 || t < 0 ? 0 : d * 1_000_000 + t;

  const method = pos(layout.method, align);
  rec.options = method >= 0 && startsWithLower(b, starts[method]!, ends[method]!, OPTIONS, false);

  const nameField = pos(layout.username, align);
  rec.nameS = rec.nameE = 0;
  if (nameField >= 0) {
    const us = starts[nameField]!;
    const ue = ends[nameField]!;
    if (ue > us && !(ue - us === 1 && b[us] === 45)) {
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

  rec.userS = rec.userE = rec.devS = rec.devE = rec.typeS = rec.typeE = rec.cmdS = rec.cmdE = 0;
  rec.logged = false;
  rec.errS = rec.errE = rec.asS = rec.asE = rec.easS = rec.easE = rec.mbxS = rec.mbxE = rec.prxS = rec.prxE = 0;
  const query = pos(layout.query, align);
  if (query >= 0 && !readQuery(b, starts[query]!, ends[query]!, rec, !tolerant)) return NEEDS_REPAIR;
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

/** Start of the stem field whose ActiveSync prefix splitAround matched on this line, or -1. */
let easStem = -1;

/** Splits b[ls..le) on single spaces into `starts`/`ends`; returns the field count. */
function splitFields(b: Uint8Array, ls: number, le: number): number {
  let n = 0;
  starts[0] = ls;
  for (let i = ls; i < le; i++) {
    if (b[i] === 32) {
      ends[n] = i;
      if (++n === MAX_FIELDS) return n;
      starts[n] = i + 1;
    }
  }
  ends[n] = le;
  return n + 1;
}

/**
 * Splits b[ls..le) into `count` fields without looking inside field `q`: fields before it
 * from the start, fields after it from the end. False when the line has too few spaces.
 */
function splitAround(b: Uint8Array, ls: number, le: number, q: number, count: number, stem: number): boolean {
  easStem = -1;
  if (count > MAX_FIELDS) return false;
  let p = ls;
  for (let f = 0; f < q; f++) {
    starts[f] = p;
    // An ActiveSync stem's prefix has no space: compare it once, here, and skip it.
    if (f === stem && startsWithLower(b, p, le, EAS_PREFIX)) {
      easStem = p;
      p += EAS_PREFIX.length;
    }
    while (p < le && b[p] !== 32) p++;
    if (p >= le) return false;
    ends[f] = p++;
  }
  starts[q] = p;
  let e = le;
  for (let f = count - 1; f > q; f--) {
    ends[f] = e;
    let i = e - 1;
    while (i >= p && b[i] !== 32) i--;
    if (i < p) return false;
    starts[f] = i + 1;
    e = i;
  }
  ends[q] = e;
  return true;
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
  const m = /^(.*?[^\d.])((?:\d{1,3}\.){3}\d{1,3})$/.exec(field(rec, rec.nameS, rec.nameE));
  if (m?.[1]) {
    rec.nameE = rec.nameS + m[1].length;
    if (rec.proxy) {
      rec.cipS = rec.nameE;
      rec.cipE = rec.cipS + (m[2]?.length ?? 0);
    }
  }
}

/**
 * Reads User, DeviceId, DeviceType and Log= from the query b[qs..qe). Returns false when the
 * query looks over-escaped (`\` or `&amp;`, copied from a web page): the caller repairs it.
 */
function readQuery(b: Uint8Array, qs: number, qe: number, rec: RequestRecord, strict: boolean): boolean {
  let p = b[qs] === 63 /* ? */ ? qs + 1 : qs;
  while (p < qe) {
    const c = b[p];
    if (c === 76 /* L */ && b[p + 1] === 111 && b[p + 2] === 103 && b[p + 3] === 61 /* Log= */) {
      // Log= is the last parameter and the longest: read once, by the token walk.
      rec.logged = true;
      return readHotTokens(b, p + 4, qe, rec) || !strict;
    }
    let amp = p;
    while (amp < qe && b[amp] !== 38 /* & */) {
      if (strict && (b[amp] === 92 /* \ */ || b[amp] === 32)) return false;
      amp++;
    }
    if (strict && amp + 4 < qe && b[amp + 1] === 97 && b[amp + 2] === 109 && b[amp + 3] === 112 && b[amp + 4] === 59) return false; // &amp;
    if (c === 85 /* U */ && b[p + 1] === 115 && b[p + 2] === 101 && b[p + 3] === 114 && b[p + 4] === 61) {
      rec.userS = p + 5;
      rec.userE = amp;
    } else if (c === 67 /* C */ && b[p + 1] === 109 && b[p + 2] === 100 && b[p + 3] === 61 /* Cmd= */) {
      rec.cmdS = p + 4;
      rec.cmdE = amp;
    } else if (c === 68 /* D */ && b[p + 1] === 101 && b[p + 5] === 101 /* Device */) {
      if (b[p + 6] === 73 && b[p + 7] === 100 && b[p + 8] === 61 /* Id= */) {
        rec.devS = p + 9;
        rec.devE = amp;
      } else if (b[p + 6] === 84 && b[p + 10] === 61 /* Type= */) {
        rec.typeS = p + 11;
        rec.typeE = amp;
      }
    }
    p = amp + 1;
  }
  return true;
}

/** `2011-05-06` -> 20110506 and `11:30:11` -> 113011 (parseFields makes them one timestamp, 0 when either is not 8 or 6 digits). */
/** The digits of b[s..e) as one number, skipping - and :; -1 unless exactly `want` digits. */
function readDigits(b: Uint8Array, s: number, e: number, want: number): number {
  let v = 0;
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]! - 48;
    if (c >= 0 && c <= 9) {
      v = v * 10 + c;
      n++;
    } else if (c !== -3 /* - */ && c !== 10 /* : */) return -1;
  }
  return n === want ? v : -1;
}

/** Non-negative integer in b[s..e), or -1 when the field is not all digits. */
function readInt(b: Uint8Array, s: number, e: number): number {
  if (e <= s) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Prefix test bounded by `end`; case-insensitive against an all-lower-case prefix unless `fold` is false. */
function startsWithLower(b: Uint8Array, at: number, end: number, prefix: Uint8Array, fold = true): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let c = b[at + i]!;
    if (fold && c >= 65 && c <= 90) c += 32;
    if (c !== prefix[i]) return false;
  }
  return true;
}
