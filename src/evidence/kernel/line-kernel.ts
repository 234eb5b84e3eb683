// AssemblyScript, not TypeScript: compiled to WebAssembly by scripts/build-kernel.mjs, which
// writes src/evidence/line-kernel-wasm.ts (run `npm run build:kernel` after editing this file;
// a test fails while that file is stale). Excluded from tsc and eslint.
//
// The strict path of line-parser.ts `parseLine` (a line whose spaces split it into exactly the
// layout's fields), with 16-byte SIMD compares to find spaces, `&` and `_`: JavaScript has no
// SIMD, and a byte loop in it was half of each thread's time (bench/README.md, log-scan).
// Every other line is left to line-parser.ts: `parse` answers ASK_JS when the line's field
// count differs from the layout's. A NEEDS_REPAIR answer sends the line to its tolerant parser.
//
// A scanner reads the file into this module's memory from WORK on (src/evidence/line-kernel.ts
// lends it), and line-kernel.ts reads a parsed line's numbers and string offsets from OUT. Offsets count from WORK, so
// they are offsets into the caller's Buffer over that memory.

// Memory map (bytes). --memoryBase in build-kernel.mjs keeps the compiler's data above 64 KiB.
/** Where the caller's text starts. */
export const WORK: i32 = 128 * 1024;
const OUT: usize = 0;
const STARTS: usize = 1024;
const ENDS: usize = 1536;

// OUT slots (i32), the list line-kernel.ts reads: numbers, flags, then start and end pairs.
const O_STATUS = 0;
const O_SUBSTATUS = 1;
const O_PORT = 2;
/** YYYYMMDD, -1 when the line has no valid date and time. */
const O_DATE = 3;
/** hhmmss. */
const O_TIME = 4;
/** F_OPTIONS | F_PROXY | F_LOGGED */
const O_FLAGS = 5;
const O_USER_S = 6;
const O_DEV_S = 8;
const O_TYPE_S = 10;
const O_CMD_S = 12;
const O_NAME_S = 14;
const O_CIP_S = 16;
const O_ERR_S = 18;
const O_AS_S = 20;
const O_EAS_S = 22;
const O_MBX_S = 24;
const O_PRX_S = 26;
/** The last slot. */
const O_PRX_E = 27;

const F_OPTIONS = 1;
const F_PROXY = 2;
const F_LOGGED = 4;

// Outcomes: line-parser.ts's, and one more.
const PARSED = 0;
const NOT_EAS = 1;
const NEEDS_REPAIR = 2;
const GARBAGE = 3;
/** The line does not have exactly the layout's field count: parse it in JavaScript. */
const ASK_JS = 4;

const MAX_FIELDS = 64;
/** `/microsoft-server-activesync` */
const EAS_LEN = 28;

// The layout in force (field indexes, -1 when absent): see fields.ts Layout.
let count: i32 = 0;
let query: i32 = -1;
let stem: i32 = -1;
let status: i32 = -1;
let substatus: i32 = -1;
let port: i32 = -1;
let date: i32 = -1;
let time: i32 = -1;
let method: i32 = -1;
let username: i32 = -1;
let clientIp: i32 = -1;

export function setLayout(c: i32, q: i32, st: i32, s: i32, ss: i32, p: i32, d: i32, t: i32, m: i32, u: i32, ci: i32): void {
  count = c;
  query = q;
  stem = st;
  status = s;
  substatus = ss;
  port = p;
  date = d;
  time = t;
  method = m;
  username = u;
  clientIp = ci;
}

/** Reads the line at [ls, le) (offsets from WORK); see the outcomes above. */
export function parse(ls: i32, le: i32): i32 {
  if (count > MAX_FIELDS || split(ls, le) != count) return ASK_JS;
  return fields();
}

@inline function byte(i: i32): i32 {
  return <i32>load<u8>(<usize>(i + WORK));
}
@inline function bytes16(i: i32): v128 {
  return v128.load(<usize>(i + WORK));
}
@inline function out(slot: i32, v: i32): void {
  store<i32>(OUT + (<usize>slot << 2), v);
}
@inline function start(f: i32): i32 {
  return load<i32>(STARTS + (<usize>f << 2));
}
@inline function end(f: i32): i32 {
  return load<i32>(ENDS + (<usize>f << 2));
}

/** Splits [ls, le) on spaces into STARTS/ENDS, 16 bytes at a time; returns the field count. */
function split(ls: i32, le: i32): i32 {
  let n = 0;
  store<i32>(STARTS, ls);
  const space = i8x16.splat(32);
  // Bytes past `le` are read (the caller leaves room) and masked off.
  for (let at = ls; at < le; at += 16) {
    let m = i8x16.bitmask(i8x16.eq(bytes16(at), space));
    if (le - at < 16) m &= (1 << (le - at)) - 1;
    while (m != 0) {
      const i = at + ctz(m);
      store<i32>(ENDS + (<usize>n << 2), i);
      if (++n == MAX_FIELDS) return n;
      store<i32>(STARTS + (<usize>n << 2), i + 1);
      m &= m - 1;
    }
  }
  store<i32>(ENDS + (<usize>n << 2), le);
  return n + 1;
}

/** The first `c` (a splat) in [p, to), or `to`. Reads up to 15 bytes past `to`. */
@inline function find(p: i32, to: i32, c: v128): i32 {
  while (p < to) {
    const m = i8x16.bitmask(i8x16.eq(bytes16(p), c));
    if (m != 0) {
      const i = p + ctz(m);
      return i < to ? i : to;
    }
    p += 16;
  }
  return to;
}

/** line-parser.ts parseFields, strict and unaligned. */
function fields(): i32 {
  if (stem < 0) return NEEDS_REPAIR;
  const ss = start(stem);
  const se = end(stem);
  if (!easPrefix(ss, se)) return NOT_EAS;
  const px = ss + EAS_LEN;
  let proxy = se - px >= 6 && lower(px, 47) && lower(px + 1, 112) && lower(px + 2, 114) && lower(px + 3, 111) && lower(px + 4, 120) && lower(px + 5, 121); // /proxy
  let s = 0;
  if (status >= 0) {
    s = readInt(start(status), end(status));
    if (s < 0) return GARBAGE;
  }
  out(O_STATUS, s);
  const sub = substatus >= 0 ? readInt(start(substatus), end(substatus)) : 0;
  out(O_SUBSTATUS, sub < 0 ? 0 : sub);
  let pt = port >= 0 ? readInt(start(port), end(port)) : 0;
  if (pt < 0) pt = 0;
  out(O_PORT, pt);
  if (pt == 444) proxy = true;
  const d = date >= 0 && time >= 0 ? readDigits(start(date), end(date), 8) : -1;
  const t = d >= 0 ? readDigits(start(time), end(time), 6) : -1;
  out(O_DATE, d < 0 || t < 0 ? -1 : d);
  out(O_TIME, t);
  let flags = proxy ? F_PROXY : 0;
  if (method >= 0) {
    const m = start(method);
    // OPTIONS, case-sensitive as in line-parser.ts.
    if (end(method) - m >= 7 && byte(m) == 79 && byte(m + 1) == 80 && byte(m + 2) == 84 && byte(m + 3) == 73 && byte(m + 4) == 79 && byte(m + 5) == 78 && byte(m + 6) == 83) flags |= F_OPTIONS;
  }
  let ns = 0;
  let ne = 0;
  if (username >= 0) {
    const us = start(username);
    const ue = end(username);
    if (ue > us && !(ue - us == 1 && byte(us) == 45 /* - */)) {
      ns = us;
      ne = ue;
    }
  }
  pair(O_NAME_S, ns, ne);
  const cip = proxy && clientIp >= 0;
  pair(O_CIP_S, cip ? start(clientIp) : 0, cip ? end(clientIp) : 0);
  for (let i = O_USER_S; i < O_NAME_S; i++) out(i, 0);
  for (let i = O_ERR_S; i <= O_PRX_E; i++) out(i, 0);
  if (query >= 0) {
    const q = readQuery(start(query), end(query));
    if (q < 0) return NEEDS_REPAIR;
    flags |= q;
  }
  // No User= parameter: the cs-username stands for the user.
  if (load<i32>(OUT + (<usize>(O_USER_S + 1) << 2)) == load<i32>(OUT + (<usize>O_USER_S << 2))) pair(O_USER_S, ns, ne);
  out(O_FLAGS, flags);
  return PARSED;
}

/**
 * line-parser.ts readQuery, strict: -1 when the query needs repair, else F_LOGGED or 0. A field
 * has no space here (`split` matched the layout), so a backslash anywhere is what refuses it.
 */
function readQuery(qs: i32, qe: i32): i32 {
  let p = byte(qs) == 63 /* ? */ ? qs + 1 : qs;
  if (find(p, qe, i8x16.splat(92 /* \ */)) < qe) return -1;
  const amp = i8x16.splat(38 /* & */);
  while (p < qe) {
    const c = byte(p);
    if (c == 76 /* L */ && byte(p + 1) == 111 && byte(p + 2) == 103 && byte(p + 3) == 61 /* Log= */) {
      hotTokens(p + 4, qe);
      return F_LOGGED;
    }
    const a = find(p, qe, amp);
    if (a + 4 < qe && byte(a + 1) == 97 && byte(a + 2) == 109 && byte(a + 3) == 112 && byte(a + 4) == 59) return -1; // &amp;
    if (c == 85 /* U */ && byte(p + 1) == 115 && byte(p + 2) == 101 && byte(p + 3) == 114 && byte(p + 4) == 61) pair(O_USER_S, p + 5, a);
    else if (c == 67 /* C */ && byte(p + 1) == 109 && byte(p + 2) == 100 && byte(p + 3) == 61) pair(O_CMD_S, p + 4, a);
    else if (c == 68 /* D */ && byte(p + 1) == 101 && byte(p + 5) == 101 /* Device */) {
      if (byte(p + 6) == 73 && byte(p + 7) == 100 && byte(p + 8) == 61 /* Id= */) pair(O_DEV_S, p + 9, a);
      else if (byte(p + 6) == 84 && byte(p + 10) == 61 /* Type= */) pair(O_TYPE_S, p + 11, a);
    }
    p = a + 1;
  }
  return 0;
}

@inline function pair(slot: i32, s: i32, e: i32): void {
  out(slot, s);
  out(slot + 1, e);
}

/** log-tokens.ts readHotTokens (the caller has refused backslashes; a field has no space). */
function hotTokens(from: i32, to: i32): void {
  const sep = i8x16.splat(95 /* _ */);
  let p = from;
  while (p < to) {
    const q = find(p, to, sep);
    if (q > p) {
      const c = byte(p);
      if (c == 69 /* E */ && byte(p + 5) == 58 && byte(p + 1) == 114 && byte(p + 4) == 114 /* Error: */) pair(O_ERR_S, p + 6, q);
      else if (c == 65 /* A */ && byte(p + 1) == 115 && byte(p + 2) == 58 /* As: */) pair(O_AS_S, p + 3, q);
      else if (c == 83 /* S */) {
        if (<u32>(byte(p + 1) - 48) <= 9 && digits(p + 1, q)) pair(O_EAS_S, p + 1, q);
      } else if (c == 77 /* M */ && byte(p + 1) == 98 && byte(p + 2) == 120 && byte(p + 3) == 58 /* Mbx: */) pair(O_MBX_S, p + 4, q);
      else if (c == 80 /* P */ && byte(p + 7) == 58 && byte(p + 1) == 114 && byte(p + 3) == 70 /* PrxFrom: */) pair(O_PRX_S, p + 8, q);
    }
    p = q + 1;
  }
}

function digits(from: i32, to: i32): bool {
  for (let i = from; i < to; i++) if (<u32>(byte(i) - 48) > 9) return false;
  return true;
}

/** Non-negative integer in [s, e), or -1 when the field is not all digits. */
function readInt(s: i32, e: i32): i32 {
  if (e <= s) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = byte(i) - 48;
    if (<u32>c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The digits of [s, e) as one number, skipping - and :; -1 unless exactly `want` digits. */
function readDigits(s: i32, e: i32, want: i32): i32 {
  let v = 0;
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = byte(i) - 48;
    if (<u32>c <= 9) {
      v = v * 10 + c;
      n++;
    } else if (c != -3 && c != 10) return -1;
  }
  return n == want ? v : -1;
}

@inline function lower(i: i32, want: i32): bool {
  let c = byte(i);
  if (c >= 65 && c <= 90) c += 32;
  return c == want;
}

/** `/microsoft-server-activesync`, any case, at [at, to). */
function easPrefix(at: i32, to: i32): bool {
  if (to - at < EAS_LEN) return false;
  return lower(at, 47) && lower(at + 1, 109) && lower(at + 2, 105) && lower(at + 3, 99) && lower(at + 4, 114) && lower(at + 5, 111) && lower(at + 6, 115) && lower(at + 7, 111)
    && lower(at + 8, 102) && lower(at + 9, 116) && lower(at + 10, 45) && lower(at + 11, 115) && lower(at + 12, 101) && lower(at + 13, 114) && lower(at + 14, 118) && lower(at + 15, 101)
    && lower(at + 16, 114) && lower(at + 17, 45) && lower(at + 18, 97) && lower(at + 19, 99) && lower(at + 20, 116) && lower(at + 21, 105) && lower(at + 22, 118) && lower(at + 23, 101)
    && lower(at + 24, 115) && lower(at + 25, 121) && lower(at + 26, 110) && lower(at + 27, 99);
}
