// Merging what several byte ranges or files read. Parts are merged while their requests are
// still counted in their stores (aggregate.ts): cells of the same user and device combine
// there (CellStore.absorb), so that "failures after the last success" stays true across the
// pieces. A part is settled into Cell objects once, at the end.
import { absorbStore, MAX_PART_SAMPLES, shiftStoreLines, takeCells } from './aggregate.js';
import type { ScanPart } from './types.js';

/**
 * Moves the requests `addRequest` counted for `part` into `part.cells`: the reader calls it
 * when it finishes, or scan-files.ts after merging. A part is settled once.
 */
export function settle(part: ScanPart): void {
  const cells = takeCells(part);
  if (cells.length === 0) return;
  if (part.cells.length > 0) throw new Error('settle: this part was settled already; merge parts before settling them');
  part.cells = cells;
}

/** Adds `n` to every line number in a part (a byte range's lines come after earlier ranges'). */
export function shiftLines(part: ScanPart, n: number): void {
  if (n === 0) return;
  shiftStoreLines(part, n);
  for (const cell of part.cells) for (const s of cell.samples) s.line += n;
  for (const s of part.garbageSamples) s.line += n;
  for (const s of part.repairedSamples) s.line += n;
}

/** Merges `from` into `into`, both not yet settled. Order does not matter: "after the last success" is decided by time. */
export function mergeParts(into: ScanPart, from: ScanPart): ScanPart {
  if (into.cells.length > 0 || from.cells.length > 0) throw new Error('mergeParts: merge parts before settling them');
  into.lines += from.lines;
  into.blank += from.blank;
  into.directives += from.directives;
  into.requests += from.requests;
  into.nonEas += from.nonEas;
  into.filtered += from.filtered;
  into.repaired += from.repaired;
  into.garbage += from.garbage;
  pushSome(into.garbageSamples, from.garbageSamples, MAX_PART_SAMPLES);
  pushSome(into.repairedSamples, from.repairedSamples, MAX_PART_SAMPLES);
  if (from.first && (into.first === 0 || from.first < into.first)) into.first = from.first;
  if (from.last > into.last) into.last = from.last;
  absorbStore(into, from);
  return into;
}

function pushSome<T>(into: T[], from: readonly T[], max: number): void {
  for (const x of from) {
    if (into.length >= max) return;
    into.push(x);
  }
}
