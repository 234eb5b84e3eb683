// Merging what several byte ranges or files read: cells of the same user and device are
// combined so that "failures after the last success" stays true across the pieces.
import { absorbStore, addCell, addCounted, cellOf, MAX_DISTINCT, MAX_PART_SAMPLES, MAX_SAMPLES, shiftStoreLines, sigKey, takeCells, unrecovered } from './aggregate.js';
import { KIND } from './request-kind.js';
import type { Cell, ScanPart, Signature, UsernameUse } from './types.js';

/**
 * Moves the requests `addRequest` counted for `part` into `part.cells` (the reader calls it
 * when it finishes). Cells the part already has are merged as a later range's would be.
 */
export function settle(part: ScanPart): void {
  for (const cell of takeCells(part)) {
    const existing = part.cells.length ? cellOf(part, cell.user, cell.deviceId) : undefined;
    if (existing) mergeCell(existing, cell);
    else addCell(part, cell);
  }
}

/** Adds `n` to every line number in a part (a byte range's lines come after earlier ranges'). */
export function shiftLines(part: ScanPart, n: number): void {
  if (n === 0) return;
  shiftStoreLines(part, n);
  for (const cell of part.cells) for (const s of cell.samples) s.line += n;
  for (const s of part.garbageSamples) s.line += n;
  for (const s of part.repairedSamples) s.line += n;
}

/** Merges `from` into `into`. Order does not matter: "after the last success" is decided by time. */
export function mergeParts(into: ScanPart, from: ScanPart): ScanPart {
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
  // Requests not yet settled into cells merge store to store, on the flat arrays.
  absorbStore(into, from);
  // The lookup table addCell keeps: no key strings, and it stays valid for later merges.
  for (const cell of from.cells) {
    const existing = cellOf(into, cell.user, cell.deviceId);
    if (existing) mergeCell(existing, cell);
    else addCell(into, cell);
  }
  return into;
}

function pushSome<T>(into: T[], from: readonly T[], max: number): void {
  for (const x of from) {
    if (into.length >= max) return;
    into.push(x);
  }
}

/** Merges cell `b` into cell `a` (the same user and device read from another file or range). */
export function mergeCell(a: Cell, b: Cell): void {
  const hadSuccess = a.successes > 0;
  // In place, without keys, closures or copies: merging runs for every cell of every range.
  const last = [0, 0, 0, 0];
  for (let t = 0; t < 4; t++) last[t] = Math.max(a.successAt[t]!, b.successAt[t]!);
  const sigsA = a.signatures;
  const nA = sigsA.length;
  for (let i = 0; i < nA; i++) {
    const sig = sigsA[i]!;
    for (let t = 0; t < 4; t++) sig.since[t] = sinceLast(sig, a, t, last[t]!);
  }
  for (const sig of b.signatures) {
    for (let t = 0; t < 4; t++) sig.since[t] = sinceLast(sig, b, t, last[t]!);
    let m: Signature | undefined;
    for (let i = 0; i < nA; i++) {
      const g = sigsA[i]!;
      if (g.status === sig.status && g.substatus === sig.substatus && g.error === sig.error && g.as === sig.as && g.easStatus === sig.easStatus) {
        m = g;
        break;
      }
    }
    if (!m) sigsA.push(sig);
    else {
      m.count += sig.count;
      if (sig.first && (m.first === 0 || sig.first < m.first)) m.first = sig.first;
      if (sig.last > m.last) m.last = sig.last;
      for (let t = 0; t < 4; t++) m.since[t]! += sig.since[t]!;
    }
  }
  for (let t = 0; t < 4; t++) a.epoch[t]! += b.epoch[t]! + 1;
  for (const sig of sigsA) for (let t = 0; t < 4; t++) sig.epoch[t] = a.epoch[t]!;
  if (sigsA.length > 1) sigsA.sort(byCountDown);
  a.total += b.total;
  a.successes += b.successes;
  a.loggedSuccesses += b.loggedSuccesses;
  if (b.first && (a.first === 0 || b.first < a.first)) a.first = b.first;
  if (b.last > a.last) a.last = b.last;
  a.successAt = last;
  a.proxied += b.proxied;
  if (a.deviceType === '') a.deviceType = b.deviceType;
  for (const use of b.usernames) {
    let u: UsernameUse | undefined;
    for (const x of a.usernames) {
      if (x.name === use.name) {
        u = x;
        break;
      }
    }
    if (u) {
      u.count += use.count;
      u.auth += use.auth;
    } else if (a.usernames.length < MAX_DISTINCT) a.usernames.push({ ...use });
  }
  for (const c of b.frontEnds) addCounted(a.frontEnds, c.name, c.count);
  for (const c of b.mailboxServers) addCounted(a.mailboxServers, c.name, c.count);
  for (const c of b.failedCommands) addCounted(a.failedCommands, c.name, c.count);
  // As one pass would have: the first line of each signature, and one success at most.
  const sampledA = a.samples.length;
  for (const x of b.samples) {
    if (a.samples.length >= MAX_SAMPLES) break;
    if (!sampledIn(a.samples, sampledA, x.sig) && !(hadSuccess && isSuccessKey(b.signatures, x.sig))) a.samples.push(x);
  }
}

/** A signature's occurrences after the merged cell's last success `l` on track `t`. */
function sinceLast(sig: Signature, cell: Cell, t: number, l: number): number {
  const own = unrecovered(sig, cell, t);
  if (l === 0 || cell.successAt[t] === l) return own;
  if (sig.first > l) return sig.count;
  return sig.last <= l ? 0 : own;
}

function byCountDown(x: Signature, y: Signature): number {
  return y.count - x.count;
}

function sampledIn(samples: readonly { sig: string }[], n: number, key: string): boolean {
  for (let i = 0; i < n; i++) if (samples[i]!.sig === key) return true;
  return false;
}

function isSuccessKey(sigs: readonly Signature[], key: string): boolean {
  for (const g of sigs) if (g.kind === KIND.success && sigKey(g) === key) return true;
  return false;
}
