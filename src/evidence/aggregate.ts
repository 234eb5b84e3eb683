// Per user-and-device aggregation. Memory grows with the number of users and devices, never
// with the number of lines. While a part is read, its requests are counted in a flat store
// (cell-store.ts) kept beside the part; merge.ts merges parts store to store, and `takeCells`
// turns a store into the Cell objects the stories read.
import type { RequestRecord } from './line-parser.js';
import { CellStore, type StoreData } from './cell-store.js';
import type { Cell, ScanPart } from './types.js';

export { TRACK_ANY, TRACK_SYNC, TRACK_LOGGED_ANY, TRACK_LOGGED_SYNC, SAMPLE_BYTES, sampleOfBytes, sampleText } from './cell-store.js';

/** Garbage and repaired lines kept as examples per scan. */
export const MAX_PART_SAMPLES = 5;

/** Stores whose cells were merged into another, kept for the next part (CellStore.reset). */
const spare: CellStore[] = [];

/** The store of each part being read; `takeCells` empties it. */
const stores = new WeakMap<ScanPart, CellStore>();
let lastStorePart: ScanPart | undefined;
let lastStore: CellStore | undefined;

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
export function addRequest(part: ScanPart, rec: RequestRecord, lineNo: number, file: string, at = -1, maxCells?: number): void {
  part.requests++;
  const ts = rec.ts;
  if (ts) {
    if (part.first === 0 || ts < part.first) part.first = ts;
    if (ts > part.last) part.last = ts;
  }
  let store = lastStore;
  if (part !== lastStorePart || store === undefined) {
    store = stores.get(part);
    if (store === undefined) stores.set(part, (store = spare.pop()?.reset(maxCells) ?? new CellStore(maxCells)));
    lastStorePart = part;
    lastStore = store;
  }
  store.add(rec, lineNo, file, at);
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
  const untracked = store.untracked();
  if (untracked) part.untracked = untracked;
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
  else {
    ours.absorb(theirs);
    // Its cells now live in `ours` (copied, their cold objects moved): the arrays are free.
    if (spare.length < 2 && theirs.reusable()) spare.push(theirs);
  }
}

/** Adds `n` to the line numbers of the samples in `part`'s store. */
export function shiftStoreLines(part: ScanPart, n: number): void {
  stores.get(part)?.shiftLines(n);
}

