// The per-line aggregation, in flat typed arrays. A busy log has thousands of user-and-device
// cells and its lines visit them in random order, so the cost of a line was not the counting
// but the memory it touched: a cell object, its key strings, its signature list, each
// signature object and its strings, each a cache miss. Here one line touches a hash slot, the
// cell's key bytes (user, device, device type and first cs-username side by side), one block
// of the cell's numbers and its signatures' blocks. Signature keys (status, sub-status, Error,
// As, EAS status) are interned per store: there are few, and they stay in cache.
// `toCells` turns the store into the Cell objects the rest of the pipeline reads.
import { field, type RequestRecord } from './line-parser.js';
import { KIND, requestKind } from './request-kind.js';
import type { Cell, Counted, Signature, UsernameUse } from './types.js';
import { DistinctCount, type DistinctData, type Untracked } from './untracked.js';

/** Distinct values kept per cell for names, front ends and mailbox servers. */
const MAX_DISTINCT = 8;
/** Sample lines kept per cell: the first line of each new status/Error/As combination. */
const MAX_SAMPLES = 3;
const MAX_SAMPLE_CHARS = 1000;

/** Tracks of "failures after the last success": any success, or a synchronising one (not OPTIONS)... */
export const TRACK_ANY = 0;
export const TRACK_SYNC = 1;
/** ...counting only successes on lines with a Log= value: with a back end, a front-end 200 says nothing. */
export const TRACK_LOGGED_ANY = 2;
export const TRACK_LOGGED_SYNC = 3;

// A cell's numbers: one Float64Array block of CS slots (timestamps pass 2^31).
const C_TOTAL = 0;
const C_SUCCESSES = 1;
const C_LOGGED = 2;
const C_FIRST = 3;
const C_LAST = 4;
/** successAt[4] */
const C_AT = 5;
/** epoch[4] */
const C_EPOCH = 9;
const C_PROXIED = 13;
/** Count and 401s of the first cs-username (the others are in the cell's `Cold`). */
const C_NAME_COUNT = 14;
const C_NAME_AUTH = 15;
const CS = 16;

// A cell's key: one Int32Array block of KS slots, pointing into the byte arena.
const K_AT = 0;
const K_USER = 1;
const K_DEVICE = 2;
const K_TYPE = 3;
/** Arena offset of the first cs-username, -1 before one is seen. */
const K_NAME_AT = 4;
const K_NAME_LEN = 5;
/** First signature slot, -1 for none. */
const K_HEAD = 6;
/** Arena offset of the device type (after the device id, unless set by a merge). */
const K_TYPE_AT = 7;
const KS = 8;

// A signature: one Float64Array block of GS slots; signatures of a cell form a list.
const G_NEXT = 0;
const G_TYPE = 1;
const G_COUNT = 2;
const G_FIRST = 3;
const G_LAST = 4;
/** since[4] */
const G_SINCE = 5;
/** epoch[4] */
const G_EPOCH = 9;
const GS = 13;

/** What a cell keeps that few lines touch: read on new signatures, failures and every 16th line. */
interface Cold {
  /** cs-username values after the first. */
  names: UsernameUse[];
  frontEnds: Counted[];
  mailboxServers: Counted[];
  failedCommands: Counted[];
  samples: Sample[];
}

/**
 * A sample line (types.ts Cell.samples). A scan of a plain file keeps where the line is (`at`,
 * `len`: bytes) instead of its text, which is read only for the stories that are told
 * (scan-files.ts readSamples): a few of thousands. 18,000 sample texts were most of a
 * worker's result; making them cost each thread time while its code was still cold (the
 * first lines meet every cell); and reading all of them back after the merge took 20-30 ms.
 */
type Sample = Cell['samples'][number];

/** A signature key: status, sub-status, Error, As and EAS status, and what they mean. */
interface SigType {
  hash: number;
  status: number;
  substatus: number;
  error: string;
  as: string;
  easStatus: string;
  kind: number;
  key: string;
}

/** Whether bytes[s..e) equal `value` (latin1: one char per byte). */
function same(value: string, bytes: Uint8Array, s: number, e: number): boolean {
  const n = value.length;
  if (n !== e - s) return false;
  for (let i = 0; i < n; i++) if (value.charCodeAt(i) !== bytes[s + i]) return false;
  return true;
}

function sameBytes(a: Uint8Array, as: number, b: Uint8Array, bs: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/** A hash of bytes[s..e) with ASCII letters folded to lower case (users and device ids compare so in the stories). */
function foldHash(bytes: Uint8Array, s: number, e: number): number {
  let h = 2166136261;
  for (let i = s; i < e; i++) {
    const b = bytes[i]!;
    h = Math.imul(h ^ (b >= 65 && b <= 90 ? b + 32 : b), 16777619);
  }
  return h;
}

function hashRange(bytes: Uint8Array, s: number, e: number, h: number): number {
  for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return h;
}

/** Latin1-read text -> the UTF-8 text the file held, detached; a longer line is cut (with …). */
export function sampleText(line: string): string {
  if (line.length <= MAX_SAMPLE_CHARS) return Buffer.from(line, 'latin1').toString('utf8');
  // The ellipsis after decoding: latin1 cannot hold it (it became "&").
  return Buffer.from(line.slice(0, MAX_SAMPLE_CHARS), 'latin1').toString('utf8') + '…';
}

/** The most bytes of a line that a sample shows (one more tells that it was cut). */
export const SAMPLE_BYTES = MAX_SAMPLE_CHARS + 1;

/** `sampleText` of the bytes b[s..e), without the latin1 string between. */
export function sampleOfBytes(b: Buffer, s: number, e: number): string {
  return e - s <= MAX_SAMPLE_CHARS ? b.toString('utf8', s, e) : b.toString('utf8', s, s + MAX_SAMPLE_CHARS) + '…';
}

/** A signature's identity across ranges and files. */
function sigKey(g: { status: number; substatus: number; error: string; as: string; easStatus: string }): string {
  return `${g.status}.${g.substatus}|${g.error}|${g.as}|${g.easStatus}`;
}

/** Adds a sighting of `name` (interned: see CellStore.intern) to a capped list of distinct values. */
function countIn(list: Counted[], name: string): void {
  for (let i = 0; i < list.length; i++) {
    if (list[i]!.name === name) {
      list[i]!.count++;
      return;
    }
  }
  if (list.length < MAX_DISTINCT) list.push({ name, count: 1 });
}

/** Signature types (status, sub-status, Error, As, EAS status) per store, and signatures per cell; past them a line counts under its kind's "(other)". */
const MAX_TYPES = 1024;
const MAX_CELL_SIGNATURES = 64;
const OTHER = '(other)';
function otherKey(kind: number): string {
  return `other|${kind}`;
}

/** Most distinct values interned per store; past it, values are made as strings each time. */
const MAX_INTERNED = 4096;

/** Adds `n` sightings of `name` (distinct values capped). */
function addCounted(list: Counted[], name: string, n: number): void {
  for (let i = 0; i < list.length; i++) {
    if (list[i]!.name === name) {
      list[i]!.count += n;
      return;
    }
  }
  if (list.length < MAX_DISTINCT) list.push({ name, count: n });
}

/**
 * User-and-device pairs tracked in detail per scan, by default. A busy server's day has a few
 * thousand; each pair costs about 5-7 KB by the end of the report (300,000 took 1.25 GB;
 * 20,000 about 220 MB in all, bench/log-memory.mjs). The requests of pairs past the cap are
 * counted (`untracked`), not kept.
 */
export const MAX_CELLS = 20_000;

/** The requests of pairs past the cap (see Untracked); the distinct counts leave out users and devices that have a tracked pair. */
interface Overflow {
  requests: number;
  failures: number;
  users: DistinctCount;
  devices: DistinctCount;
  /** Hashes of the tracked pairs' users and devices (made when the cap is first reached; no cell is added after). */
  trackedUsers: Set<number> | null;
  trackedDevices: Set<number> | null;
}

/** Cells of one scan part, as flat arrays; see the file comment. */
export class CellStore {
  private n = 0;
  private over: Overflow | null = null;
  private nums = new Float64Array(16 * CS);
  private keys = new Int32Array(16 * KS);
  private cold: Cold[] = [];
  /** Key bytes of every cell. */
  private arena: Buffer = Buffer.alloc(1024);
  private used = 0;
  /** Open addressing: [hash, cell + 1] pairs; 0 = empty. */
  private table = new Int32Array(2 * 64);
  private sigs = new Float64Array(32 * GS);
  private sigCount = 0;
  private types: SigType[] = [];
  /** Scratch for mergeCell: the merged cell's last success per track, and its signatures. */
  private readonly last = new Float64Array(4);
  private chain = new Int32Array(16);
  /** Open addressing over `types`: [hash, type + 1] pairs. */
  private typeTable = new Int32Array(2 * 64);
  /** Commands, front ends and mailbox servers as strings, one per distinct value: compared by reference. */
  private interned: string[] = [];
  private internHashes: number[] = [];
  private internTable = new Int32Array(2 * 256);

  /** `maxCells`: pairs tracked in detail (MAX_CELLS). */
  constructor(private maxCells = MAX_CELLS) {}

  /**
   * Empties the store for another part, keeping its arrays (aggregate.ts recycles a merged
   * file's store for the next file: a store's typed arrays are freed only when V8 gets round
   * to it, and 30,000 small files left over 100 MB of them waiting). Only a store that is
   * `reusable` (not grown big: it would be kept for nothing), once its cells were absorbed.
   */
  reset(maxCells = MAX_CELLS): this {
    this.maxCells = maxCells;
    // A new cell's numbers start at 0 (newCell sets only its key).
    this.nums.fill(0, 0, this.n * CS);
    this.n = 0;
    this.over = null;
    this.cold = [];
    this.used = 0;
    this.table.fill(0);
    this.sigCount = 0;
    this.types = [];
    this.typeTable.fill(0);
    this.interned = [];
    this.internHashes = [];
    this.internTable.fill(0);
    return this;
  }

  /** Whether `reset` should keep this store's arrays: small ones only. */
  reusable(): boolean {
    return this.nums.length <= 1024 * CS && this.sigs.length <= 4096 * GS && this.arena.length <= 256 * 1024;
  }

  /**
   * Counts one request (already filtered by time). `at` is the line's offset in a plain file
   * when samples should keep that instead of the text (see Sample); -1 keeps the text.
   */
  add(rec: RequestRecord, lineNo: number, file: string, at = -1): void {
    let type = this.typeOf(rec);
    let t = this.types[type]!;
    const kind = t.kind;
    const ci = this.cellOf(rec);
    if (ci < 0) {
      this.overflowLine(rec, kind !== KIND.success);
      return;
    }
    const nums = this.nums;
    const c = ci * CS;
    const keys = this.keys;
    const k = ci * KS;
    let sigs = this.sigs;
    let g = keys[k + K_HEAD]!;
    // The type first, then the cell's numbers and its first signature one after the other:
    // a little faster with thousands of cells (bench/README.md, log-scan).
    const total = (nums[c + C_TOTAL] = nums[c + C_TOTAL]! + 1);
    const headType = g >= 0 ? sigs[g * GS + G_TYPE] : -1;
    const ts = rec.ts;
    if (ts) {
      if (nums[c + C_FIRST] === 0 || ts < nums[c + C_FIRST]!) nums[c + C_FIRST] = ts;
      if (ts > nums[c + C_LAST]!) nums[c + C_LAST] = ts;
    }

    // The cell's signature of this type: the list is kept roughly by count, as a line moves
    // a signature one place forward when it has overtaken the one before.
    let prev = -1;
    if (headType !== type) {
      let length = 0;
      while (g >= 0 && sigs[g * GS + G_TYPE] !== type) {
        prev = g;
        g = sigs[g * GS + G_NEXT]!;
        length++;
      }
      if (g < 0 && length >= MAX_CELL_SIGNATURES && t.key !== otherKey(kind)) {
        // A cell with as many signatures as it keeps: the line counts under "(other)" of its kind.
        type = this.otherType(kind, rec.status);
        t = this.types[type]!;
        prev = -1;
        for (g = keys[k + K_HEAD]!; g >= 0 && sigs[g * GS + G_TYPE] !== type; g = sigs[g * GS + G_NEXT]!) prev = g;
      }
    }
    if (g >= 0) {
      if (prev >= 0 && sigs[g * GS + G_COUNT]! > sigs[prev * GS + G_COUNT]!) {
        swapSignatures(sigs, g * GS, prev * GS);
        g = prev;
      }
    } else {
      g = this.newSignature(type, ts, c);
      sigs = this.sigs;
      if (prev >= 0) sigs[prev * GS + G_NEXT] = g;
      else keys[k + K_HEAD] = g;
      // Samples show what went wrong: every new failure signature, but one success at most.
      const cold = this.cold[ci]!;
      if (cold.samples.length < MAX_SAMPLES && (kind !== KIND.success || nums[c + C_SUCCESSES] === 0)) {
        cold.samples.push(at >= 0 ? { file, line: lineNo, text: '', sig: t.key, at, len: rec.lineE - rec.lineS } : { file, line: lineNo, text: sampleOfBytes(rec.bytes, rec.lineS, rec.lineE), sig: t.key });
      }
    }
    const s = g * GS;
    if (kind === KIND.success) {
      nums[c + C_SUCCESSES]!++;
      this.succeed(c, TRACK_ANY, rec);
      if (!rec.options) this.succeed(c, TRACK_SYNC, rec);
      if (rec.logged) {
        nums[c + C_LOGGED]!++;
        this.succeed(c, TRACK_LOGGED_ANY, rec);
        if (!rec.options) this.succeed(c, TRACK_LOGGED_SYNC, rec);
      }
    }
    sigs[s + G_COUNT]!++;
    if (ts && (sigs[s + G_FIRST] === 0 || ts < sigs[s + G_FIRST]!)) sigs[s + G_FIRST] = ts;
    if (ts > sigs[s + G_LAST]!) sigs[s + G_LAST] = ts;
    if (kind !== KIND.success) {
      const cold = this.cold[ci]!;
      if (rec.cmdE > rec.cmdS) countIn(cold.failedCommands, this.intern(rec.bytes, rec.cmdS, rec.cmdE));
      else addCounted(cold.failedCommands, rec.options ? 'OPTIONS' : '', 1);
      for (let tr = 0; tr < 4; tr++) {
        if (sigs[s + G_EPOCH + tr] !== nums[c + C_EPOCH + tr]) {
          sigs[s + G_EPOCH + tr] = nums[c + C_EPOCH + tr]!;
          sigs[s + G_SINCE + tr] = 0;
        }
        sigs[s + G_SINCE + tr]!++;
      }
    }

    if (rec.nameE > rec.nameS) this.countName(ci, rec, kind === KIND.auth);
    if (rec.proxy) nums[c + C_PROXIED]!++;
    // Front ends and mailbox servers are evidence of *which* servers, not how often: look at a
    // cell's first requests and then every 16th, which keeps them off the per-line cost.
    if (total <= 8 || (total & 15) === 0) {
      const cold = this.cold[ci]!;
      if (rec.proxy) {
        if (rec.prxE > rec.prxS) countIn(cold.frontEnds, this.intern(rec.bytes, rec.prxS, rec.prxE));
        else if (rec.cipE > rec.cipS) countIn(cold.frontEnds, this.intern(rec.bytes, rec.cipS, rec.cipE));
      }
      if (rec.mbxE > rec.mbxS) countIn(cold.mailboxServers, this.intern(rec.bytes, rec.mbxS, rec.mbxE));
    }
  }

  // Timestamps are beyond 31 bits: passed as an argument to a call that is not inlined, a
  // double is boxed (an allocation per call), so the callee reads `rec.ts` itself.
  private succeed(c: number, track: number, rec: RequestRecord): void {
    const nums = this.nums;
    const ts = rec.ts;
    nums[c + C_EPOCH + track]!++;
    if (ts >= nums[c + C_AT + track]!) nums[c + C_AT + track] = ts;
  }

  /** The cell of the line's user and device; a new one when first seen. */
  private cellOf(rec: RequestRecord): number {
    const b = rec.bytes;
    const userLen = rec.userE - rec.userS;
    const devLen = rec.devE - rec.devS;
    // The device id nearly always tells cells apart; the user's length is enough for the rest.
    const h = hashRange(b, rec.devS, rec.devE, 2166136261 ^ userLen);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    const keys = this.keys;
    const arena = this.arena;
    for (let i = h & mask; table[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (table[2 * i] !== h) continue;
      const ci = table[2 * i + 1]! - 1;
      const k = ci * KS;
      const at = keys[k + K_AT]!;
      if (keys[k + K_USER] === userLen && keys[k + K_DEVICE] === devLen && sameBytes(arena, at, b, rec.userS, userLen) && sameBytes(arena, at + userLen, b, rec.devS, devLen)) return ci;
    }
    return this.n < this.maxCells ? this.newCell(rec, h) : -1;
  }

  /** The overflow counts, started when the cap is first reached. */
  private overflow(): Overflow {
    if (this.over !== null) return this.over;
    const o: Overflow = { requests: 0, failures: 0, users: new DistinctCount(), devices: new DistinctCount(), trackedUsers: new Set(), trackedDevices: new Set() };
    for (let ci = 0; ci < this.n; ci++) {
      const k = ci * KS;
      const at = this.keys[k + K_AT]!;
      const userLen = this.keys[k + K_USER]!;
      o.trackedUsers!.add(foldHash(this.arena, at, at + userLen));
      o.trackedDevices!.add(foldHash(this.arena, at + userLen, at + userLen + this.keys[k + K_DEVICE]!));
    }
    return (this.over = o);
  }

  /** A request of a pair past the cap: counted, with its user and device if they have no tracked pair. */
  private overflowLine(rec: RequestRecord, failed: boolean): void {
    const o = this.overflow();
    o.requests++;
    if (failed) o.failures++;
    this.overflowKeys(o, rec.bytes, rec.userS, rec.userE, rec.bytes, rec.devS, rec.devE);
  }

  private overflowKeys(o: Overflow, ub: Uint8Array, us: number, ue: number, db: Uint8Array, ds: number, de: number): void {
    const u = foldHash(ub, us, ue);
    if (!o.trackedUsers!.has(u)) o.users.add(u);
    if (de > ds) {
      const d = foldHash(db, ds, de);
      if (!o.trackedDevices!.has(d)) o.devices.add(d);
    }
  }

  /** What was counted past the cap, if it was reached. */
  untracked(): Untracked | undefined {
    const o = this.over;
    if (o === null || o.requests === 0) return undefined;
    return { cells: this.maxCells, requests: o.requests, failures: o.failures, users: o.users.size, devices: o.devices.size, estimated: o.users.estimated || o.devices.estimated };
  }

  private newCell(rec: RequestRecord, h: number): number {
    const ci = this.n++;
    if (this.n * CS > this.nums.length) {
      this.nums = grownF64(this.nums, this.nums.length * 2);
      this.keys = grownI32(this.keys, this.keys.length * 2);
    }
    const b = rec.bytes;
    const k = ci * KS;
    const keys = this.keys;
    // User, device, device type and the first cs-username side by side: a line compares
    // the name right after the key, in the same cache line.
    const at = this.append(b, rec.userS, rec.userE);
    this.append(b, rec.devS, rec.devE);
    this.append(b, rec.typeS, rec.typeE);
    keys[k + K_AT] = at;
    keys[k + K_USER] = rec.userE - rec.userS;
    keys[k + K_DEVICE] = rec.devE - rec.devS;
    keys[k + K_TYPE] = rec.typeE - rec.typeS;
    keys[k + K_TYPE_AT] = at + (rec.userE - rec.userS) + (rec.devE - rec.devS);
    keys[k + K_HEAD] = -1;
    keys[k + K_NAME_AT] = -1;
    keys[k + K_NAME_LEN] = 0;
    if (rec.nameE > rec.nameS) {
      keys[k + K_NAME_AT] = this.append(b, rec.nameS, rec.nameE);
      keys[k + K_NAME_LEN] = rec.nameE - rec.nameS;
    }
    this.cold.push({ names: [], frontEnds: [], mailboxServers: [], failedCommands: [], samples: [] });
    if ((this.n + 1) * 2 > this.table.length >> 1) this.rehash();
    this.insert(h, ci);
    return ci;
  }

  private insert(h: number, ci: number): void {
    insertPair(this.table, h, ci);
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]! - 1);
  }

  /** Copies b[s..e) to the arena; returns its offset. */
  private append(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (this.used + n > this.arena.length) {
      const grown = Buffer.alloc(Math.max(this.arena.length * 2, this.used + n));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    const at = this.used;
    // Byte by byte: keys are short, and a subarray per key (a Buffer view, then a copy) was
    // 8 ms of each thread's first 4 MB, when every user is new and the code is still cold.
    const arena = this.arena;
    for (let i = 0; i < n; i++) arena[at + i] = b[s + i]!;
    this.used += n;
    return at;
  }

  private text(at: number, n: number): string {
    return n > 0 ? this.arena.toString('latin1', at, at + n) : '';
  }

  private countName(ci: number, rec: RequestRecord, auth: boolean): void {
    const keys = this.keys;
    const k = ci * KS;
    const c = ci * CS;
    const n = rec.nameE - rec.nameS;
    if (keys[k + K_NAME_AT]! < 0) {
      keys[k + K_NAME_AT] = this.append(rec.bytes, rec.nameS, rec.nameE);
      keys[k + K_NAME_LEN] = n;
    }
    if (keys[k + K_NAME_LEN] === n && sameBytes(this.arena, keys[k + K_NAME_AT]!, rec.bytes, rec.nameS, n)) {
      this.nums[c + C_NAME_COUNT]!++;
      if (auth) this.nums[c + C_NAME_AUTH]!++;
      return;
    }
    const names = this.cold[ci]!.names;
    let use: UsernameUse | undefined;
    for (let i = 0; i < names.length; i++) {
      if (same(names[i]!.name, rec.bytes, rec.nameS, rec.nameE)) {
        use = names[i]!;
        break;
      }
    }
    if (use === undefined && names.length + 1 < MAX_DISTINCT) names.push((use = { name: field(rec, rec.nameS, rec.nameE), count: 0, auth: 0 }));
    if (use !== undefined) {
      use.count++;
      if (auth) use.auth++;
    }
  }

  /**
   * b[s..e) as a string, the same string object for the same bytes: a few values (commands,
   * servers) recur on every line, and comparing them in place meant a walk over cold strings.
   */
  private intern(b: Buffer, s: number, e: number): string {
    const h = hashRange(b, s, e, 2166136261 ^ (e - s));
    const table = this.internTable;
    const mask = (table.length >> 1) - 1;
    for (let i = h & mask; table[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (table[2 * i] === h && same(this.interned[table[2 * i + 1]! - 1]!, b, s, e)) return this.interned[table[2 * i + 1]! - 1]!;
    }
    const value = b.toString('latin1', s, e);
    if (this.interned.length >= MAX_INTERNED) return value;
    this.interned.push(value);
    this.internHashes.push(h);
    if (this.interned.length * 2 > table.length >> 1) {
      this.internTable = new Int32Array(table.length * 2);
      for (let i = 0; i < this.interned.length - 1; i++) insertPair(this.internTable, this.internHashes[i]!, i);
    }
    insertPair(this.internTable, h, this.interned.length - 1);
    return value;
  }

  /** The interned signature type of a line. */
  private typeOf(rec: RequestRecord): number {
    const b = rec.bytes;
    let h = Math.imul(rec.status, 31) + rec.substatus;
    h = hashRange(b, rec.errS, rec.errE, h ^ 0x9e3779b9);
    h = hashRange(b, rec.asS, rec.asE, Math.imul(h, 31) ^ 1);
    h = hashRange(b, rec.easS, rec.easE, Math.imul(h, 31) ^ 2);
    const table = this.typeTable;
    const mask = (table.length >> 1) - 1;
    for (let i = h & mask; table[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (table[2 * i] !== h) continue;
      const ti = table[2 * i + 1]! - 1;
      const t = this.types[ti]!;
      if (t.status === rec.status && t.substatus === rec.substatus && same(t.error, b, rec.errS, rec.errE) && same(t.as, b, rec.asS, rec.asE) && same(t.easStatus, b, rec.easS, rec.easE)) return ti;
    }
    const error = field(rec, rec.errS, rec.errE);
    const as = field(rec, rec.asS, rec.asE);
    const easStatus = field(rec, rec.easS, rec.easE);
    const t: SigType = { hash: h, status: rec.status, substatus: rec.substatus, error, as, easStatus, kind: requestKind({ status: rec.status, substatus: rec.substatus, error, as, easStatus }), key: '' };
    // A log whose every line has an Error: value of its own would grow the types without end.
    if (this.types.length >= MAX_TYPES) return this.otherType(t.kind, t.status);
    t.key = sigKey(t);
    return this.internType(t);
  }

  /** The "(other)" signature type of a kind, for lines past MAX_TYPES or a cell's MAX_CELL_SIGNATURES; its status is the first such line's. */
  private otherType(kind: number, status: number): number {
    return this.internType({ hash: kind, status, substatus: 0, error: OTHER, as: '', easStatus: '', kind, key: otherKey(kind) });
  }

  private insertType(h: number, ti: number): void {
    insertPair(this.typeTable, h, ti);
  }

  private newSignature(type: number, ts: number, c: number): number {
    const g = this.sigCount++;
    if (this.sigCount * GS > this.sigs.length) this.sigs = grownF64(this.sigs, this.sigs.length * 2);
    const s = g * GS;
    const sigs = this.sigs;
    sigs[s + G_NEXT] = -1;
    sigs[s + G_TYPE] = type;
    sigs[s + G_COUNT] = 0;
    sigs[s + G_FIRST] = ts;
    sigs[s + G_LAST] = ts;
    for (let tr = 0; tr < 4; tr++) {
      sigs[s + G_SINCE + tr] = 0;
      sigs[s + G_EPOCH + tr] = this.nums[c + C_EPOCH + tr]!;
    }
    return g;
  }

  /** The store as plain data (typed arrays, the signature types, the cold objects as JSON text), to move it to another thread. */
  toData(): StoreData {
    return {
      n: this.n,
      nums: this.nums.slice(0, this.n * CS),
      keys: this.keys.slice(0, this.n * KS),
      arena: this.arena.slice(0, this.used),
      sigs: this.sigs.slice(0, this.sigCount * GS),
      types: this.types,
      cold: JSON.stringify(this.cold),
      maxCells: this.maxCells,
      over: this.over === null ? null : { requests: this.over.requests, failures: this.over.failures, users: this.over.users.toData(), devices: this.over.devices.toData() },
    };
  }

  /** A store from `toData`'s output (another thread's). */
  static fromData(d: StoreData): CellStore {
    const st = new CellStore(d.maxCells);
    st.n = d.n;
    st.nums = grownF64(d.nums, Math.max(d.nums.length, CS));
    st.keys = grownI32(d.keys, Math.max(d.keys.length, KS));
    if (d.arena.length) st.arena = Buffer.from(d.arena);
    st.used = d.arena.length;
    st.sigs = grownF64(d.sigs, Math.max(d.sigs.length, GS));
    st.sigCount = d.sigs.length / GS;
    st.cold = JSON.parse(d.cold) as Cold[];
    st.table = new Int32Array(2 * tableSlots(d.n));
    for (let ci = 0; ci < d.n; ci++) st.insert(st.keyHash(ci), ci);
    for (const t of d.types) st.internType(t);
    if (d.over !== null) {
      const o = st.overflow();
      o.requests = d.over.requests;
      o.failures = d.over.failures;
      o.users = DistinctCount.fromData(d.over.users);
      o.devices = DistinctCount.fromData(d.over.devices);
    }
    return st;
  }

  /** Adds `n` to the line numbers of the samples (a later range of a file). */
  shiftLines(n: number): void {
    for (const cold of this.cold) for (const x of cold.samples) x.line += n;
  }

  /** The cell hash `cellOf` computes, from a stored key. */
  private keyHash(ci: number): number {
    const k = ci * KS;
    const at = this.keys[k + K_AT]!;
    const userLen = this.keys[k + K_USER]!;
    return hashRange(this.arena, at + userLen, at + userLen + this.keys[k + K_DEVICE]!, 2166136261 ^ userLen);
  }

  /** The index of a signature type equal to `t`, added if new (`capped`: past MAX_TYPES, its kind's "(other)" instead). */
  private internType(t: SigType, capped = false): number {
    const table = this.typeTable;
    const mask = (table.length >> 1) - 1;
    for (let i = t.hash & mask; table[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (table[2 * i] !== t.hash) continue;
      const ti = table[2 * i + 1]! - 1;
      if (this.types[ti]!.key === t.key) return ti;
    }
    if (capped && this.types.length >= MAX_TYPES && t.key !== otherKey(t.kind)) return this.otherType(t.kind, t.status);
    this.types.push(t);
    if (this.types.length * 2 > table.length >> 1) {
      this.typeTable = new Int32Array(table.length * 2);
      for (let i = 0; i < this.types.length - 1; i++) this.insertType(this.types[i]!.hash, i);
    }
    this.insertType(t.hash, this.types.length - 1);
    return this.types.length - 1;
  }

  /**
   * Merges another store into this one: a cell of the same user and device is combined so
   * that "after the last success" stays true (mergeCell), the others are added after this
   * store's cells. `other` is not used afterwards.
   */
  absorb(other: CellStore): void {
    const typeMap = other.types.map((t) => this.internType(t, true));
    const successKeys = new Set(other.types.filter((t) => t.kind === KIND.success).map((t) => t.key));
    for (let oi = 0; oi < other.n; oi++) {
      const ok = oi * KS;
      const oAt = other.keys[ok + K_AT]!;
      const userLen = other.keys[ok + K_USER]!;
      const devLen = other.keys[ok + K_DEVICE]!;
      const h = other.keyHash(oi);
      let ci = -1;
      const table = this.table;
      const mask = (table.length >> 1) - 1;
      for (let i = h & mask; table[2 * i + 1] !== 0; i = (i + 1) & mask) {
        if (table[2 * i] !== h) continue;
        const c = table[2 * i + 1]! - 1;
        const k = c * KS;
        if (this.keys[k + K_USER] === userLen && this.keys[k + K_DEVICE] === devLen && sameBytes(this.arena, this.keys[k + K_AT]!, other.arena, oAt, userLen + devLen)) {
          ci = c;
          break;
        }
      }
      if (ci >= 0) this.mergeCell(ci, other, oi, typeMap, successKeys);
      else if (this.n < this.maxCells) this.copyCell(other, oi, h, typeMap);
      else {
        const o = this.overflow();
        const total = other.nums[oi * CS + C_TOTAL]!;
        o.requests += total;
        o.failures += total - other.nums[oi * CS + C_SUCCESSES]!;
        this.overflowKeys(o, other.arena, oAt, oAt + userLen, other.arena, oAt + userLen, oAt + userLen + devLen);
      }
    }
    const theirs = other.over;
    if (theirs !== null) {
      const o = this.overflow();
      o.requests += theirs.requests;
      o.failures += theirs.failures;
      o.users.absorb(theirs.users);
      o.devices.absorb(theirs.devices);
    }
  }

  /** Appends another store's cell as it is. */
  private copyCell(other: CellStore, oi: number, h: number, typeMap: number[]): void {
    const ci = this.n++;
    if (this.n * CS > this.nums.length) {
      this.nums = grownF64(this.nums, this.nums.length * 2);
      this.keys = grownI32(this.keys, this.keys.length * 2);
    }
    for (let i = 0; i < CS; i++) this.nums[ci * CS + i] = other.nums[oi * CS + i]!;
    const ok = oi * KS;
    const k = ci * KS;
    const ko = other.keys;
    const keys = this.keys;
    keys[k + K_AT] = this.append(other.arena, ko[ok + K_AT]!, ko[ok + K_AT]! + ko[ok + K_USER]! + ko[ok + K_DEVICE]!);
    keys[k + K_USER] = ko[ok + K_USER]!;
    keys[k + K_DEVICE] = ko[ok + K_DEVICE]!;
    keys[k + K_TYPE] = ko[ok + K_TYPE]!;
    keys[k + K_TYPE_AT] = this.append(other.arena, ko[ok + K_TYPE_AT]!, ko[ok + K_TYPE_AT]! + ko[ok + K_TYPE]!);
    keys[k + K_NAME_LEN] = ko[ok + K_NAME_LEN]!;
    keys[k + K_NAME_AT] = ko[ok + K_NAME_AT]! < 0 ? -1 : this.append(other.arena, ko[ok + K_NAME_AT]!, ko[ok + K_NAME_AT]! + ko[ok + K_NAME_LEN]!);
    keys[k + K_HEAD] = -1;
    let tail = -1;
    for (let og = ko[ok + K_HEAD]!; og >= 0; og = other.sigs[og * GS + G_NEXT]!) {
      const g = this.copySignature(other, og, typeMap);
      if (tail < 0) this.keys[k + K_HEAD] = g;
      else this.sigs[tail * GS + G_NEXT] = g;
      tail = g;
    }
    this.cold.push(other.cold[oi]!);
    if ((this.n + 1) * 2 > this.table.length >> 1) this.rehash();
    this.insert(h, ci);
  }

  private copySignature(other: CellStore, og: number, typeMap: number[], type = typeMap[other.sigs[og * GS + G_TYPE]!]!): number {
    const g = this.sigCount++;
    if (this.sigCount * GS > this.sigs.length) this.sigs = grownF64(this.sigs, this.sigs.length * 2);
    for (let i = 0; i < GS; i++) this.sigs[g * GS + i] = other.sigs[og * GS + i]!;
    this.sigs[g * GS + G_NEXT] = -1;
    this.sigs[g * GS + G_TYPE] = type;
    return g;
  }

  /** The signature of `type` among chain[0..n), or -1. */
  private findIn(chain: Int32Array, n: number, type: number): number {
    for (let i = 0; i < n; i++) if (this.sigs[chain[i]! * GS + G_TYPE] === type) return chain[i]!;
    return -1;
  }

  /** Cell `oi` of `other` into cell `ci` of this store (the same user and device, read from another range or file). */
  private mergeCell(ci: number, other: CellStore, oi: number, typeMap: number[], successKeys: ReadonlySet<string>): void {
    const a = ci * CS;
    const b = oi * CS;
    const an = this.nums;
    const bn = other.nums;
    const hadSuccess = an[a + C_SUCCESSES]! > 0;
    const last = this.last;
    for (let t = 0; t < 4; t++) last[t] = Math.max(an[a + C_AT + t]!, bn[b + C_AT + t]!);
    // This runs once per cell, mostly before V8 optimizes it: no allocation, no closures.
    let chain = this.chain;
    let n = 0;
    for (let g = this.keys[ci * KS + K_HEAD]!; g >= 0; g = this.sigs[g * GS + G_NEXT]!) {
      if (n === chain.length) chain = this.chain = grownI32(chain, chain.length * 2);
      chain[n++] = g;
    }
    const nA = n;
    for (let i = 0; i < nA; i++) sinceLast4(this.sigs, chain[i]! * GS, an, a, last);
    for (let og = other.keys[oi * KS + K_HEAD]!; og >= 0; og = other.sigs[og * GS + G_NEXT]!) {
      const os = og * GS;
      sinceLast4(other.sigs, os, bn, b, last);
      let type = typeMap[other.sigs[os + G_TYPE]!]!;
      let m = this.findIn(chain, n, type);
      if (m < 0 && n >= MAX_CELL_SIGNATURES) {
        // As many signatures as a cell keeps: under its kind's "(other)".
        const kind = this.types[type]!.kind;
        type = this.otherType(kind, this.types[type]!.status);
        m = this.findIn(chain, n, type);
      }
      if (m < 0) {
        if (n === chain.length) chain = this.chain = grownI32(chain, chain.length * 2);
        chain[n++] = this.copySignature(other, og, typeMap, type);
      } else {
        const ms = m * GS;
        const sigs = this.sigs;
        sigs[ms + G_COUNT] = sigs[ms + G_COUNT]! + other.sigs[os + G_COUNT]!;
        const first = other.sigs[os + G_FIRST]!;
        if (first && (sigs[ms + G_FIRST] === 0 || first < sigs[ms + G_FIRST]!)) sigs[ms + G_FIRST] = first;
        if (other.sigs[os + G_LAST]! > sigs[ms + G_LAST]!) sigs[ms + G_LAST] = other.sigs[os + G_LAST]!;
        for (let t = 0; t < 4; t++) sigs[ms + G_SINCE + t] = sigs[ms + G_SINCE + t]! + other.sigs[os + G_SINCE + t]!;
      }
    }
    const sigs = this.sigs;
    for (let t = 0; t < 4; t++) an[a + C_EPOCH + t] = an[a + C_EPOCH + t]! + bn[b + C_EPOCH + t]! + 1;
    for (let i = 0; i < n; i++) for (let t = 0; t < 4; t++) sigs[chain[i]! * GS + G_EPOCH + t] = an[a + C_EPOCH + t]!;
    // By count, most first, ties in their order (an insertion sort is stable).
    for (let i = 1; i < n; i++) {
      const g = chain[i]!;
      const count = sigs[g * GS + G_COUNT]!;
      let j = i - 1;
      while (j >= 0 && sigs[chain[j]! * GS + G_COUNT]! < count) {
        chain[j + 1] = chain[j]!;
        j--;
      }
      chain[j + 1] = g;
    }
    const k = ci * KS;
    this.keys[k + K_HEAD] = n > 0 ? chain[0]! : -1;
    for (let i = 0; i < n; i++) sigs[chain[i]! * GS + G_NEXT] = i + 1 < n ? chain[i + 1]! : -1;
    an[a + C_TOTAL] = an[a + C_TOTAL]! + bn[b + C_TOTAL]!;
    an[a + C_SUCCESSES] = an[a + C_SUCCESSES]! + bn[b + C_SUCCESSES]!;
    an[a + C_LOGGED] = an[a + C_LOGGED]! + bn[b + C_LOGGED]!;
    if (bn[b + C_FIRST] && (an[a + C_FIRST] === 0 || bn[b + C_FIRST]! < an[a + C_FIRST]!)) an[a + C_FIRST] = bn[b + C_FIRST]!;
    if (bn[b + C_LAST]! > an[a + C_LAST]!) an[a + C_LAST] = bn[b + C_LAST]!;
    for (let t = 0; t < 4; t++) an[a + C_AT + t] = last[t]!;
    an[a + C_PROXIED] = an[a + C_PROXIED]! + bn[b + C_PROXIED]!;
    const ok = oi * KS;
    if (this.keys[k + K_TYPE] === 0 && other.keys[ok + K_TYPE]! > 0) {
      this.keys[k + K_TYPE_AT] = this.append(other.arena, other.keys[ok + K_TYPE_AT]!, other.keys[ok + K_TYPE_AT]! + other.keys[ok + K_TYPE]!);
      this.keys[k + K_TYPE] = other.keys[ok + K_TYPE]!;
    }
    // Names in order: this cell's, then the other's new ones (capped at MAX_DISTINCT).
    const coldA = this.cold[ci]!;
    const coldB = other.cold[oi]!;
    const nameLen = this.keys[k + K_NAME_LEN]!;
    if (
      coldA.names.length === 0 &&
      coldB.names.length === 0 &&
      this.keys[k + K_NAME_AT]! >= 0 &&
      other.keys[ok + K_NAME_AT]! >= 0 &&
      other.keys[ok + K_NAME_LEN] === nameLen &&
      sameBytes(this.arena, this.keys[k + K_NAME_AT]!, other.arena, other.keys[ok + K_NAME_AT]!, nameLen)
    ) {
      // The usual case: one name on both sides, the same.
      an[a + C_NAME_COUNT] = an[a + C_NAME_COUNT]! + bn[b + C_NAME_COUNT]!;
      an[a + C_NAME_AUTH] = an[a + C_NAME_AUTH]! + bn[b + C_NAME_AUTH]!;
    } else {
      const namesA = this.names(ci);
      for (const use of other.names(oi)) {
        let u: UsernameUse | undefined;
        for (const x of namesA) if (x.name === use.name) u = x;
        if (u) {
          u.count += use.count;
          u.auth += use.auth;
        } else if (namesA.length < MAX_DISTINCT) namesA.push({ ...use });
      }
      // The merged list lives in `cold.names` from here on; the first-name slot is retired.
      an[a + C_NAME_COUNT] = 0;
      an[a + C_NAME_AUTH] = 0;
      this.keys[k + K_NAME_AT] = -1;
      coldA.names = namesA;
    }
    for (const c of coldB.frontEnds) addCounted(coldA.frontEnds, c.name, c.count);
    for (const c of coldB.mailboxServers) addCounted(coldA.mailboxServers, c.name, c.count);
    for (const c of coldB.failedCommands) addCounted(coldA.failedCommands, c.name, c.count);
    // As one pass would have: the first line of each signature, and one success at most.
    const sampledA = coldA.samples.length;
    for (const x of coldB.samples) {
      if (coldA.samples.length >= MAX_SAMPLES) break;
      let seen = false;
      for (let i = 0; i < sampledA; i++) if (coldA.samples[i]!.sig === x.sig) seen = true;
      if (!seen && !(hadSuccess && successKeys.has(x.sig))) coldA.samples.push(x);
    }
  }

  /** A cell's cs-username counts, in first-seen order. */
  private names(ci: number): UsernameUse[] {
    const k = ci * KS;
    const c = ci * CS;
    const out: UsernameUse[] = [];
    if (this.keys[k + K_NAME_AT]! >= 0 && this.nums[c + C_NAME_COUNT]! > 0) out.push({ name: this.text(this.keys[k + K_NAME_AT]!, this.keys[k + K_NAME_LEN]!), count: this.nums[c + C_NAME_COUNT]!, auth: this.nums[c + C_NAME_AUTH]! });
    out.push(...this.cold[ci]!.names);
    return out;
  }

  /** The cells as objects, in the order they were first seen. */
  toCells(): Cell[] {
    const cells: Cell[] = [];
    const { nums, keys, sigs } = this;
    for (let ci = 0; ci < this.n; ci++) {
      const c = ci * CS;
      const k = ci * KS;
      const at = keys[k + K_AT]!;
      const userLen = keys[k + K_USER]!;
      const devLen = keys[k + K_DEVICE]!;
      const signatures: Signature[] = [];
      for (let g = keys[k + K_HEAD]!; g >= 0; g = sigs[g * GS + G_NEXT]!) {
        const s = g * GS;
        const t = this.types[sigs[s + G_TYPE]!]!;
        signatures.push({
          status: t.status,
          substatus: t.substatus,
          error: t.error,
          as: t.as,
          easStatus: t.easStatus,
          kind: t.kind,
          count: sigs[s + G_COUNT]!,
          first: sigs[s + G_FIRST]!,
          last: sigs[s + G_LAST]!,
          unrecovered: unrecovered4(sigs, s, nums, c),
        });
      }
      const cold = this.cold[ci]!;
      const usernames = this.names(ci);
      cells.push({
        user: this.text(at, userLen),
        deviceId: this.text(at + userLen, devLen),
        deviceType: this.text(keys[k + K_TYPE_AT]!, keys[k + K_TYPE]!),
        total: nums[c + C_TOTAL]!,
        successes: nums[c + C_SUCCESSES]!,
        loggedSuccesses: nums[c + C_LOGGED]!,
        first: nums[c + C_FIRST]!,
        last: nums[c + C_LAST]!,
        lastSuccess: nums[c + C_AT + TRACK_ANY]!,
        signatures,
        usernames,
        frontEnds: cold.frontEnds,
        mailboxServers: cold.mailboxServers,
        failedCommands: cold.failedCommands,
        proxied: nums[c + C_PROXIED]!,
        samples: cold.samples,
      });
    }
    return cells;
  }
}

/**
 * A signature's count since its cell's last success on each track: `since`, unless a later
 * success made it stale (the epochs differ). Written out: this runs for every signature, cold.
 */
function unrecovered4(sigs: Float64Array, s: number, nums: Float64Array, c: number): number[] {
  return [
    sigs[s + G_EPOCH] === nums[c + C_EPOCH] ? sigs[s + G_SINCE]! : 0,
    sigs[s + G_EPOCH + 1] === nums[c + C_EPOCH + 1] ? sigs[s + G_SINCE + 1]! : 0,
    sigs[s + G_EPOCH + 2] === nums[c + C_EPOCH + 2] ? sigs[s + G_SINCE + 2]! : 0,
    sigs[s + G_EPOCH + 3] === nums[c + C_EPOCH + 3] ? sigs[s + G_SINCE + 3]! : 0,
  ];
}

/** Puts [hash, index + 1] in the first free slot of an open-addressing table of pairs. */
function insertPair(table: Int32Array, h: number, index: number): void {
  const mask = (table.length >> 1) - 1;
  let i = h & mask;
  while (table[2 * i + 1] !== 0) i = (i + 1) & mask;
  table[2 * i] = h;
  table[2 * i + 1] = index + 1;
}

/** Swaps two signatures' places in their cell's list: their contents, not their links. */
function swapSignatures(sigs: Float64Array, a: number, b: number): void {
  for (let i = G_TYPE; i < GS; i++) {
    const x = sigs[a + i]!;
    sigs[a + i] = sigs[b + i]!;
    sigs[b + i] = x;
  }
}

function grownF64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const g = new Float64Array(n);
  g.set(a);
  return g;
}

function grownI32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const g = new Int32Array(n);
  g.set(a);
  return g;
}

/** The data of a store (CellStore.toData), plain enough to cross threads. */
export interface StoreData {
  n: number;
  nums: Float64Array;
  keys: Int32Array;
  arena: Uint8Array;
  sigs: Float64Array;
  types: SigType[];
  /**
   * The cells' cold objects (`Cold[]`) as JSON text. Thousands of small objects: the thread
   * that receives them parses the text in about a third of the time v8.deserialize takes to
   * rebuild the same objects (8 against 19 ms for 3,000 cells), and that time is spent on
   * the thread that goes on to write the report (bench/README.md, log-scan).
   */
  cold: string;
  maxCells: number;
  over: { requests: number; failures: number; users: DistinctData; devices: DistinctData } | null;
}

/** Hash slots for `n` cells: a power of two, at most half full. */
function tableSlots(n: number): number {
  let slots = 1024;
  while ((n + 1) * 2 > slots) slots *= 2;
  return slots;
}

/**
 * Sets a signature's `since` on every track to its count after the merged cell's last success
 * `last[t]`: its own count if its cell had that success, all of it if it began after, none if it ended before.
 */
function sinceLast4(sigs: Float64Array, s: number, nums: Float64Array, c: number, last: Float64Array): void {
  for (let t = 0; t < 4; t++) {
    const l = last[t]!;
    const own = sigs[s + G_EPOCH + t] === nums[c + C_EPOCH + t] ? sigs[s + G_SINCE + t]! : 0;
    sigs[s + G_SINCE + t] = l === 0 || nums[c + C_AT + t] === l ? own : sigs[s + G_FIRST]! > l ? sigs[s + G_COUNT]! : sigs[s + G_LAST]! <= l ? 0 : own;
  }
}
