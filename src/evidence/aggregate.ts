// Per user-and-device aggregation. Memory grows with the number of users and devices, never
// with the number of lines. While a part is read, its requests are counted in a flat store
// (cell-store.ts); `takeCells` turns the store into Cell objects, which merge.ts combines.
import type { RequestRecord } from './line-parser.js';
import { CellStore, type StoreData } from './cell-store.js';
import type { Cell, ScanPart, Signature } from './types.js';

export { MAX_DISTINCT, MAX_SAMPLES, TRACK_ANY, TRACK_SYNC, TRACK_LOGGED_ANY, TRACK_LOGGED_SYNC, addCounted, sampleText, sigKey } from './cell-store.js';

/** Garbage and repaired lines kept as examples per scan. */
export const MAX_PART_SAMPLES = 5;

/** The store of each part being read; `takeCells` empties it. */
const stores = new WeakMap<ScanPart, CellStore>();
let lastStorePart: ScanPart | undefined;
let lastStore: CellStore | undefined;

/** Cells of a part by hash of user and device, for merging. */
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

/** Adds one request (already filtered by time) to the part's store; see `takeCells`. */
export function addRequest(part: ScanPart, rec: RequestRecord, lineNo: number, file: string): void {
  part.requests++;
  const ts = rec.ts;
  if (ts) {
    if (part.first === 0 || ts < part.first) part.first = ts;
    if (ts > part.last) part.last = ts;
  }
  let store = lastStore;
  if (part !== lastStorePart || store === undefined) {
    store = stores.get(part);
    if (store === undefined) stores.set(part, (store = new CellStore()));
    lastStorePart = part;
    lastStore = store;
  }
  store.add(rec, lineNo, file);
}

/**
 * The cells `addRequest` counted for `part` since the last call, as objects, in the order
 * they were first seen; the store is forgotten. merge.ts `settle` adds them to the part.
 */
export function takeCells(part: ScanPart): Cell[] {
  const store = stores.get(part);
  if (store === undefined) return [];
  stores.delete(part);
  if (lastStorePart === part) lastStorePart = lastStore = undefined;
  return store.toCells();
}

/** The part's uncounted store as plain data, to send to another thread (see `importStore`); the part forgets it. */
export function exportStore(part: ScanPart): StoreData | undefined {
  const store = stores.get(part);
  if (store === undefined) return undefined;
  stores.delete(part);
  if (lastStorePart === part) lastStorePart = lastStore = undefined;
  return store.toData();
}

/** Attaches a store sent by another thread to `part` (a copy of the part it was exported from). */
export function importStore(part: ScanPart, data: StoreData): void {
  stores.set(part, CellStore.fromData(data));
}

/** Moves `from`'s store into `into`'s: adopted when `into` has none, else merged (CellStore.absorb). */
export function absorbStore(into: ScanPart, from: ScanPart): void {
  const theirs = stores.get(from);
  if (theirs === undefined) return;
  stores.delete(from);
  if (lastStorePart === from) lastStorePart = lastStore = undefined;
  const ours = stores.get(into);
  if (ours === undefined) stores.set(into, theirs);
  else ours.absorb(theirs);
}

/** Adds `n` to the line numbers of the samples in `part`'s store. */
export function shiftStoreLines(part: ScanPart, n: number): void {
  stores.get(part)?.shiftLines(n);
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

/** The cell of `part` for a user and device (for merging). */
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

/** Occurrences of a signature after its cell's last success on a track. */
export function unrecovered(sig: Signature, cell: Cell, track: number): number {
  return sig.epoch[track] === cell.epoch[track] ? sig.since[track]! : 0;
}
