// Per user-and-device aggregation. Memory grows with the number of users and devices, never
// with the number of lines: values are compared in place in the read text and sliced (and
// copied, so they do not pin a chunk) only when new.
import { field, type RequestRecord } from './line-parser.js';
import { KIND, requestKind } from './request-kind.js';
import type { Cell, Counted, ScanPart, Signature } from './types.js';

/** Distinct values kept per cell for names, front ends and mailbox servers. */
export const MAX_DISTINCT = 8;
/** Sample lines kept per cell: the first line of each new status/Error/As combination. */
export const MAX_SAMPLES = 3;
/** Garbage and repaired lines kept as examples per scan. */
export const MAX_PART_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 1000;

/** Cells of a part by hash of user and device: the lookup that runs for every line. */
const tables = new WeakMap<ScanPart, CellTable>();
let lastPart: ScanPart | undefined;
let lastTable: CellTable | undefined;

/** An empty scan part. */
export function newPart(): ScanPart {
  return {
    cells: [],
    lines: 0,
    blank: 0,
    directives: 0,
    requests: 0,
    nonEas: 0,
    filtered: 0,
    repaired: 0,
    garbage: 0,
    garbageSamples: [],
    repairedSamples: [],
    first: 0,
    last: 0,
  };
}

function newCell(user: string, deviceId: string, deviceType: string): Cell {
  return {
    user,
    deviceId,
    deviceType,
    total: 0,
    successes: 0,
    loggedSuccesses: 0,
    first: 0,
    last: 0,
    successAt: [0, 0, 0, 0],
    epoch: [0, 0, 0, 0],
    signatures: [],
    usernames: [],
    frontEnds: [],
    mailboxServers: [],
    failedCommands: [],
    proxied: 0,
    samples: [],
  };
}

/** A copy that shares no memory with the chunk `s` was sliced from. */
export function detach(s: string): string {
  return s.length > 12 ? Buffer.from(s, 'latin1').toString('latin1') : s;
}

/** Latin1-read text -> the UTF-8 text the file held, detached. */
export function sampleText(line: string): string {
  const cut = line.length > MAX_SAMPLE_CHARS ? line.slice(0, MAX_SAMPLE_CHARS) + '…' : line;
  return Buffer.from(cut, 'latin1').toString('utf8');
}

/** Tracks of "failures after the last success": any success, or a synchronising one (not OPTIONS)... */
export const TRACK_ANY = 0;
export const TRACK_SYNC = 1;
/** ...counting only successes on lines with a Log= value: with a back end, a front-end 200 says nothing. */
export const TRACK_LOGGED_ANY = 2;
export const TRACK_LOGGED_SYNC = 3;

// Timestamps (YYYYMMDDhhmmss) are beyond 31 bits: a double passed as an argument to a call
// that is not inlined is boxed, one allocation per line. Callees read `rec.ts` themselves.
function succeed(cell: Cell, track: number, rec: RequestRecord): void {
  cell.epoch[track]!++;
  const ts = rec.ts;
  if (ts >= cell.successAt[track]!) cell.successAt[track] = ts;
}

/** Whether bytes[s..e) equal `value` (latin1: one char per byte). Byte reads stay monomorphic and fast. */
function same(value: string, bytes: Uint8Array, s: number, e: number): boolean {
  const n = value.length;
  if (n !== e - s) return false;
  for (let i = 0; i < n; i++) if (value.charCodeAt(i) !== bytes[s + i]) return false;
  return true;
}

function hashRange(bytes: Uint8Array, s: number, e: number, h: number): number {
  for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return h;
}

/** Open addressing over typed arrays: a probe costs a few array reads, no Map hashing. */
class CellTable {
  hashes = new Int32Array(1024);
  /** Index into `cells` + 1; 0 = empty. */
  slots = new Int32Array(1024);
  size = 0;

  constructor(readonly cells: Cell[]) {
    for (let i = 0; i < cells.length; i++) this.insert(hashCell(cells[i]!.user, cells[i]!.deviceId), i);
  }

  insert(h: number, index: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.hashes[i] = h;
    this.slots[i] = index + 1;
    this.size++;
  }

  private grow(): void {
    const { hashes, slots } = this;
    this.hashes = new Int32Array(slots.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    this.size = 0;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) this.insert(hashes[i]!, slots[i]! - 1);
  }
}

/** The hash findCell computes from a line's bytes, from the strings. */
function hashCell(user: string, deviceId: string): number {
  let h = 2166136261 ^ user.length;
  for (let i = 0; i < deviceId.length; i++) h = Math.imul(h ^ deviceId.charCodeAt(i), 16777619);
  return h;
}

function tableOf(part: ScanPart): CellTable {
  if (part === lastPart) return lastTable!;
  let t = tables.get(part);
  if (t === undefined) tables.set(part, (t = new CellTable(part.cells)));
  lastPart = part;
  lastTable = t;
  return t;
}

function findCell(part: ScanPart, rec: RequestRecord): Cell {
  const b = rec.bytes;
  // The device id nearly always tells cells apart; the user's length is enough for the rest.
  const h = hashRange(b, rec.devS, rec.devE, 2166136261 ^ (rec.userE - rec.userS));
  const table = tableOf(part);
  const mask = table.slots.length - 1;
  for (let i = h & mask; table.slots[i] !== 0; i = (i + 1) & mask) {
    if (table.hashes[i] !== h) continue;
    const c = part.cells[table.slots[i]! - 1]!;
    if (same(c.user, b, rec.userS, rec.userE) && same(c.deviceId, b, rec.devS, rec.devE)) return c;
  }
  const cell = newCell(detach(field(rec, rec.userS, rec.userE)), detach(field(rec, rec.devS, rec.devE)), detach(field(rec, rec.typeS, rec.typeE)));
  part.cells.push(cell);
  table.insert(h, part.cells.length - 1);
  return cell;
}

/** The cell of `part` for a user and device, by the table addRequest keeps (for merging). */
export function cellOf(part: ScanPart, user: string, deviceId: string): Cell | undefined {
  const h = hashCell(user, deviceId);
  const table = tableOf(part);
  const mask = table.slots.length - 1;
  for (let i = h & mask; table.slots[i] !== 0; i = (i + 1) & mask) {
    if (table.hashes[i] !== h) continue;
    const c = part.cells[table.slots[i]! - 1]!;
    if (c.user === user && c.deviceId === deviceId) return c;
  }
  return undefined;
}

/** Adds a cell that `part` does not have (see `cellOf`). */
export function addCell(part: ScanPart, cell: Cell): void {
  const table = tableOf(part);
  part.cells.push(cell);
  table.insert(hashCell(cell.user, cell.deviceId), part.cells.length - 1);
}

/** Set by findSignature when it created the signature (saves a flag object per line). */
let created = false;

function findSignature(cell: Cell, rec: RequestRecord): Signature {
  const text = rec.bytes;
  const sigs = cell.signatures;
  for (let i = 0; i < sigs.length; i++) {
    const g = sigs[i]!;
    if (
      g.status === rec.status &&
      g.substatus === rec.substatus &&
      same(g.error, text, rec.errS, rec.errE) &&
      same(g.as, text, rec.asS, rec.asE) &&
      same(g.easStatus, text, rec.easS, rec.easE)
    ) {
      // Keep the common signatures at the front.
      if (i > 0 && g.count > sigs[i - 1]!.count) {
        sigs[i] = sigs[i - 1]!;
        sigs[i - 1] = g;
      }
      return g;
    }
  }
  const ts = rec.ts;
  const error = detach(field(rec, rec.errS, rec.errE));
  const as = detach(field(rec, rec.asS, rec.asE));
  const easStatus = field(rec, rec.easS, rec.easE);
  const sig: Signature = {
    status: rec.status,
    substatus: rec.substatus,
    error,
    as,
    easStatus,
    kind: requestKind({ status: rec.status, substatus: rec.substatus, error, as, easStatus }),
    count: 0,
    first: ts,
    last: ts,
    since: [0, 0, 0, 0],
    epoch: cell.epoch.slice(),
  };
  sigs.push(sig);
  created = true;
  return sig;
}

/** Adds one request (already filtered by time) to the part. */
export function addRequest(part: ScanPart, rec: RequestRecord, lineNo: number, file: string): void {
  part.requests++;
  const ts = rec.ts;
  if (ts) {
    if (part.first === 0 || ts < part.first) part.first = ts;
    if (ts > part.last) part.last = ts;
  }
  const cell = findCell(part, rec);
  cell.total++;
  if (ts) {
    if (cell.first === 0 || ts < cell.first) cell.first = ts;
    if (ts > cell.last) cell.last = ts;
  }
  created = false;
  const sig = findSignature(cell, rec);
  // Samples show what went wrong: every new failure signature, but one success at most.
  if (created && cell.samples.length < MAX_SAMPLES && (sig.kind !== KIND.success || cell.successes === 0)) {
    cell.samples.push({ file, line: lineNo, text: sampleText(field(rec, rec.lineS, rec.lineE)), sig: sigKey(sig) });
  }
  const kind = sig.kind;
  if (kind === KIND.success) {
    cell.successes++;
    succeed(cell, TRACK_ANY, rec);
    if (!rec.options) succeed(cell, TRACK_SYNC, rec);
    if (rec.logged) {
      cell.loggedSuccesses++;
      succeed(cell, TRACK_LOGGED_ANY, rec);
      if (!rec.options) succeed(cell, TRACK_LOGGED_SYNC, rec);
    }
  }
  sig.count++;
  if (ts && (sig.first === 0 || ts < sig.first)) sig.first = ts;
  if (ts > sig.last) sig.last = ts;
  if (kind !== KIND.success) {
    if (rec.cmdE > rec.cmdS) countIn(cell.failedCommands, rec, rec.cmdS, rec.cmdE);
    else addCounted(cell.failedCommands, rec.options ? 'OPTIONS' : '', 1);
    for (let t = 0; t < 4; t++) {
      if (sig.epoch[t] !== cell.epoch[t]) {
        sig.epoch[t] = cell.epoch[t]!;
        sig.since[t] = 0;
      }
      sig.since[t]!++;
    }
  }

  if (rec.nameE > rec.nameS) {
    const names = cell.usernames;
    let use;
    for (let i = 0; i < names.length; i++) {
      if (same(names[i]!.name, rec.bytes, rec.nameS, rec.nameE)) {
        use = names[i]!;
        break;
      }
    }
    if (use === undefined && names.length < MAX_DISTINCT) names.push((use = { name: detach(field(rec, rec.nameS, rec.nameE)), count: 0, auth: 0 }));
    if (use !== undefined) {
      use.count++;
      if (kind === KIND.auth) use.auth++;
    }
  }
  if (rec.proxy) cell.proxied++;
  // Front ends and mailbox servers are evidence of *which* servers, not how often: look at a
  // cell's first requests and then every 16th, which keeps them off the per-line cost.
  if (cell.total <= 8 || (cell.total & 15) === 0) {
    if (rec.proxy) {
      if (rec.prxE > rec.prxS) countIn(cell.frontEnds, rec, rec.prxS, rec.prxE);
      else if (rec.cipE > rec.cipS) countIn(cell.frontEnds, rec, rec.cipS, rec.cipE);
    }
    if (rec.mbxE > rec.mbxS) countIn(cell.mailboxServers, rec, rec.mbxS, rec.mbxE);
  }
}

function countIn(list: Counted[], rec: RequestRecord, s: number, e: number): void {
  for (let i = 0; i < list.length; i++) {
    if (same(list[i]!.name, rec.bytes, s, e)) {
      list[i]!.count++;
      return;
    }
  }
  if (list.length < MAX_DISTINCT) list.push({ name: field(rec, s, e), count: 1 });
}

/** Adds `n` sightings of `name` (distinct values capped). */
export function addCounted(list: Counted[], name: string, n: number): void {
  const hit = list.find((c) => c.name === name);
  if (hit) hit.count += n;
  else if (list.length < MAX_DISTINCT) list.push({ name, count: n });
}

/** A signature's identity across ranges and files. */
export function sigKey(g: Signature): string {
  return `${g.status}.${g.substatus}|${g.error}|${g.as}|${g.easStatus}`;
}

/** Occurrences of a signature after its cell's last success on a track. */
export function unrecovered(sig: Signature, cell: Cell, track: number): number {
  return sig.epoch[track] === cell.epoch[track] ? sig.since[track]! : 0;
}

/** Forgets a part's lookup table (its cells changed outside addRequest). */
export function forgetTable(part: ScanPart): void {
  tables.delete(part);
  if (lastPart === part) lastPart = lastTable = undefined;
}
