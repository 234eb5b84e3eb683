// Per user-and-device aggregation. Memory grows with the number of users and devices, never
// with the number of lines: every string kept is copied so it does not pin a read chunk.
import type { RequestRecord } from './line-parser.js';
import { KIND, requestKind } from './request-kind.js';
import type { Cell, ScanPart, Signature } from './types.js';

/** Distinct values kept per cell for names, front ends and mailbox servers. */
const MAX_DISTINCT = 8;
/** Sample lines kept per cell: the first line of each new status/Error/As combination. */
export const MAX_SAMPLES = 4;
/** Garbage and repaired lines kept as examples per scan. */
export const MAX_PART_SAMPLES = 5;
const MAX_SAMPLE_CHARS = 2000;

/** An empty scan part. */
export function newPart(): ScanPart {
  return {
    cells: new Map(),
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
    first: 0,
    last: 0,
    lastSuccess: 0,
    lastSyncSuccess: 0,
    epochAny: 0,
    epochSync: 0,
    signatures: new Map(),
    usernames: new Map(),
    frontEnds: new Map(),
    mailboxServers: new Map(),
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

/** Adds one request (already filtered by time) to the part. */
export function addRequest(part: ScanPart, rec: RequestRecord, line: string, lineNo: number, file: string): void {
  part.requests++;
  const ts = rec.ts;
  if (ts) {
    if (part.first === 0 || ts < part.first) part.first = ts;
    if (ts > part.last) part.last = ts;
  }
  let devices = part.cells.get(rec.user);
  if (devices === undefined) {
    devices = new Map();
    part.cells.set(detach(rec.user), devices);
  }
  let cell = devices.get(rec.deviceId);
  if (cell === undefined) {
    cell = newCell(detach(rec.user), detach(rec.deviceId), detach(rec.deviceType));
    devices.set(cell.deviceId, cell);
  }
  cell.total++;
  if (ts) {
    if (cell.first === 0 || ts < cell.first) cell.first = ts;
    if (ts > cell.last) cell.last = ts;
  }
  const kind = requestKind(rec);
  if (kind === KIND.success) {
    cell.successes++;
    cell.epochAny++;
    if (ts >= cell.lastSuccess) cell.lastSuccess = ts;
    if (!rec.options) {
      cell.epochSync++;
      if (ts >= cell.lastSyncSuccess) cell.lastSyncSuccess = ts;
    }
  }

  const key = `${rec.status}.${rec.substatus}|${rec.error}|${rec.as}|${rec.easStatus}`;
  let sig = cell.signatures.get(key);
  if (sig === undefined) {
    sig = {
      status: rec.status,
      substatus: rec.substatus,
      error: detach(rec.error),
      as: detach(rec.as),
      easStatus: detach(rec.easStatus),
      kind,
      count: 0,
      first: ts,
      last: ts,
      sinceAny: 0,
      sinceSync: 0,
      epochAny: cell.epochAny,
      epochSync: cell.epochSync,
    };
    cell.signatures.set(`${sig.status}.${sig.substatus}|${sig.error}|${sig.as}|${sig.easStatus}`, sig);
    if (cell.samples.length < MAX_SAMPLES) cell.samples.push({ file, line: lineNo, text: sampleText(line) });
  }
  sig.count++;
  if (ts && (sig.first === 0 || ts < sig.first)) sig.first = ts;
  if (ts > sig.last) sig.last = ts;
  if (kind !== KIND.success) {
    if (sig.epochAny !== cell.epochAny) {
      sig.epochAny = cell.epochAny;
      sig.sinceAny = 0;
    }
    if (sig.epochSync !== cell.epochSync) {
      sig.epochSync = cell.epochSync;
      sig.sinceSync = 0;
    }
    sig.sinceAny++;
    sig.sinceSync++;
  }

  if (rec.username !== '') {
    let use = cell.usernames.get(rec.username);
    if (use === undefined && cell.usernames.size < MAX_DISTINCT) {
      use = { count: 0, auth: 0 };
      cell.usernames.set(detach(rec.username), use);
    }
    if (use !== undefined) {
      use.count++;
      if (kind === KIND.auth) use.auth++;
    }
  }
  if (rec.proxy) {
    cell.proxied++;
    const fe = rec.prxFrom !== '' ? rec.prxFrom : rec.clientIp;
    if (fe !== '') bump(cell.frontEnds, fe, 1);
  }
  if (rec.mbx !== '') bump(cell.mailboxServers, rec.mbx, 1);
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = map.get(key);
  if (n !== undefined) map.set(key, n + by);
  else if (map.size < MAX_DISTINCT) map.set(detach(key), by);
}

/** Occurrences of a signature after its cell's last success (sync: not counting OPTIONS). */
export function unrecovered(sig: Signature, cell: Cell, sync: boolean): number {
  if (sync) return sig.epochSync === cell.epochSync ? sig.sinceSync : 0;
  return sig.epochAny === cell.epochAny ? sig.sinceAny : 0;
}

/** Adds `n` to every line number in a part (a byte range's lines come after earlier ranges'). */
export function shiftLines(part: ScanPart, n: number): void {
  if (n === 0) return;
  for (const devices of part.cells.values()) for (const cell of devices.values()) for (const s of cell.samples) s.line += n;
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
  for (const [user, devices] of from.cells) {
    let target = into.cells.get(user);
    if (!target) into.cells.set(user, (target = new Map()));
    for (const [device, cell] of devices) {
      const existing = target.get(device);
      if (existing) mergeCell(existing, cell);
      else target.set(device, cell);
    }
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
  const lastAny = Math.max(a.lastSuccess, b.lastSuccess);
  const lastSync = Math.max(a.lastSyncSuccess, b.lastSyncSuccess);
  const since = (sig: Signature, cell: Cell, sync: boolean): number => {
    const own = unrecovered(sig, cell, sync);
    const cellLast = sync ? cell.lastSyncSuccess : cell.lastSuccess;
    const mergedLast = sync ? lastSync : lastAny;
    if (mergedLast === 0 || cellLast === mergedLast) return own;
    if (sig.first > mergedLast) return sig.count;
    return sig.last <= mergedLast ? 0 : own;
  };
  const merged = new Map<string, Signature>();
  for (const [key, sig] of a.signatures) merged.set(key, { ...sig, sinceAny: since(sig, a, false), sinceSync: since(sig, a, true) });
  for (const [key, sig] of b.signatures) {
    const sa = since(sig, b, false);
    const ss = since(sig, b, true);
    const m = merged.get(key);
    if (!m) merged.set(key, { ...sig, sinceAny: sa, sinceSync: ss });
    else {
      m.count += sig.count;
      if (sig.first && (m.first === 0 || sig.first < m.first)) m.first = sig.first;
      if (sig.last > m.last) m.last = sig.last;
      m.sinceAny += sa;
      m.sinceSync += ss;
    }
  }
  a.epochAny += b.epochAny + 1;
  a.epochSync += b.epochSync + 1;
  for (const sig of merged.values()) {
    sig.epochAny = a.epochAny;
    sig.epochSync = a.epochSync;
  }
  a.signatures = merged;
  a.total += b.total;
  a.successes += b.successes;
  if (b.first && (a.first === 0 || b.first < a.first)) a.first = b.first;
  if (b.last > a.last) a.last = b.last;
  a.lastSuccess = lastAny;
  a.lastSyncSuccess = lastSync;
  a.proxied += b.proxied;
  if (a.deviceType === '') a.deviceType = b.deviceType;
  for (const [name, use] of b.usernames) {
    const u = a.usernames.get(name);
    if (u) {
      u.count += use.count;
      u.auth += use.auth;
    } else if (a.usernames.size < MAX_DISTINCT) a.usernames.set(name, { ...use });
  }
  for (const [k, n] of b.frontEnds) bump(a.frontEnds, k, n);
  for (const [k, n] of b.mailboxServers) bump(a.mailboxServers, k, n);
  pushSome(a.samples, b.samples, MAX_SAMPLES);
}
