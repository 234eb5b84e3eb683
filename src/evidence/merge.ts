// Merging what several byte ranges or files read: cells of the same user and device are
// combined so that "failures after the last success" stays true across the pieces.
import { addCounted, forgetTable, MAX_DISTINCT, MAX_PART_SAMPLES, MAX_SAMPLES, sigKey, unrecovered } from './aggregate.js';
import { KIND } from './request-kind.js';
import type { Cell, ScanPart, Signature } from './types.js';

function cellKey(c: Cell): string {
  return `${c.user}\u0000${c.deviceId}`;
}

/** Adds `n` to every line number in a part (a byte range's lines come after earlier ranges'). */
export function shiftLines(part: ScanPart, n: number): void {
  if (n === 0) return;
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
  const byKey = new Map(into.cells.map((c) => [cellKey(c), c]));
  for (const cell of from.cells) {
    const existing = byKey.get(cellKey(cell));
    if (existing) mergeCell(existing, cell);
    else {
      into.cells.push(cell);
      byKey.set(cellKey(cell), cell);
    }
  }
  forgetTable(into);
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
  // In place, without keys or copies: merging runs for every cell of every range.
  const last = [0, 0, 0, 0];
  for (let t = 0; t < 4; t++) last[t] = Math.max(a.successAt[t]!, b.successAt[t]!);
  const since = (sig: Signature, cell: Cell, t: number): number => {
    const own = unrecovered(sig, cell, t);
    const l = last[t]!;
    if (l === 0 || cell.successAt[t] === l) return own;
    if (sig.first > l) return sig.count;
    return sig.last <= l ? 0 : own;
  };
  for (const sig of a.signatures) for (let t = 0; t < 4; t++) sig.since[t] = since(sig, a, t);
  const added: Signature[] = [];
  for (const sig of b.signatures) {
    for (let t = 0; t < 4; t++) sig.since[t] = since(sig, b, t);
    const m = a.signatures.find((g) => g.status === sig.status && g.substatus === sig.substatus && g.error === sig.error && g.as === sig.as && g.easStatus === sig.easStatus);
    if (!m) added.push(sig);
    else {
      m.count += sig.count;
      if (sig.first && (m.first === 0 || sig.first < m.first)) m.first = sig.first;
      if (sig.last > m.last) m.last = sig.last;
      for (let t = 0; t < 4; t++) m.since[t]! += sig.since[t]!;
    }
  }
  for (let t = 0; t < 4; t++) a.epoch[t]! += b.epoch[t]! + 1;
  a.signatures.push(...added);
  for (const sig of a.signatures) for (let t = 0; t < 4; t++) sig.epoch[t] = a.epoch[t]!;
  a.signatures.sort((x, y) => y.count - x.count);
  a.total += b.total;
  a.successes += b.successes;
  a.loggedSuccesses += b.loggedSuccesses;
  if (b.first && (a.first === 0 || b.first < a.first)) a.first = b.first;
  if (b.last > a.last) a.last = b.last;
  a.successAt = last;
  a.proxied += b.proxied;
  if (a.deviceType === '') a.deviceType = b.deviceType;
  for (const use of b.usernames) {
    const u = a.usernames.find((x) => x.name === use.name);
    if (u) {
      u.count += use.count;
      u.auth += use.auth;
    } else if (a.usernames.length < MAX_DISTINCT) a.usernames.push({ ...use });
  }
  for (const c of b.frontEnds) addCounted(a.frontEnds, c.name, c.count);
  for (const c of b.mailboxServers) addCounted(a.mailboxServers, c.name, c.count);
  for (const c of b.failedCommands) addCounted(a.failedCommands, c.name, c.count);
  // As one pass would have: the first line of each signature, and one success at most.
  const sampled = new Set(a.samples.map((x) => x.sig));
  const successKeys = new Set(b.signatures.filter((g) => g.kind === KIND.success).map(sigKey));
  for (const x of b.samples) {
    if (a.samples.length >= MAX_SAMPLES) break;
    if (!sampled.has(x.sig) && !(hadSuccess && successKeys.has(x.sig))) a.samples.push(x);
  }
}
