// Cells (user x device) -> stories per user and per device, each classified, with evidence:
// counts by status, sub-status, Error and As, first and last seen, sample lines, front ends.
import { TRACK_ANY, TRACK_LOGGED_ANY, TRACK_LOGGED_SYNC, TRACK_SYNC } from './aggregate.js';
import { classifyFacts, SEVERITY, type ClassifyContext, type StoryFacts, type Verdict } from './classify.js';
import { CONTINUE_AT } from './continue-at.js';
import { kindName } from './request-kind.js';
import { formatTimestamp } from './time.js';
import type { Cell, LogLineRef, RequestKind, ScanPart, ScanResult, StoryClassification, UsernameForm } from './types.js';
import { canonicalUser, decodeLogValue, userMatches, usernameForm } from './username.js';
import { compareText } from '../util/compare.js';

/** The headline of a user's or a device's story: enough to rank and list it. */
export interface StorySummary {
  kind: 'user' | 'device';
  /** Canonical user (lower case, no domain) or device id. */
  id: string;
  /** As logged (first form seen). */
  name: string;
  classification: StoryClassification;
  reason: string;
  /** The tree node to continue at (`auth#default-domain`), absent for `ok`. */
  continueAt?: string;
  requests: number;
  failures: number;
  /** Failures after the last success. */
  unrecovered: number;
  lastSeen: string;
}

/** A whole story, as plain JSON: the summary and its evidence. */
export interface Story extends StorySummary {
  firstSeen: string;
  lastSuccess: string;
  /** Requests by HTTP status (`"449"`) and by status.sub-status when the sub-status is not 0 (`"401.2"`). */
  byStatus: Record<string, number>;
  bySubStatus: Record<string, number>;
  byError: Record<string, number>;
  byAs: Record<string, number>;
  byEasStatus: Record<string, number>;
  /** Failed requests by command (`Cmd=`; `OPTIONS` and `-` for requests without one). */
  failedCommands: Record<string, number>;
  usernames: { name: string; form: UsernameForm; count: number; auth: number }[];
  /** The user-device pairs in this story, worst first. */
  pairs: { user: string; deviceId: string; deviceType: string; requests: number; classification: StoryClassification; reason: string }[];
  /** Front ends that proxied these requests to this back end (sampled). */
  frontEnds: string[];
  mailboxServers: string[];
  proxied: number;
  samples: LogLineRef[];
}

/** A summary and the cells behind it; `tellStory` turns it into a whole story. */
export interface StoryEntry extends StorySummary {
  cells: JudgedCell[];
  /** Reads sample lines still kept as places in a file (ScanResult.readSamples). */
  readSamples?: (cells: readonly Cell[]) => void;
}

/** A cell with what the classifier read and said. */
export interface JudgedCell {
  cell: Cell;
  facts: StoryFacts;
  verdict: Verdict;
}

/** Every story in a scan: the failing ones worst first, then the ok ones in the order first seen.
 * Whole stories are built on demand (`tellStory`): a busy server has tens of thousands of users
 * and the report shows a few. */
export interface Stories {
  users: StoryEntry[];
  devices: StoryEntry[];
}

function factsOf(cell: Cell): StoryFacts {
  // With back-end lines (Exchange 2013+), front-end lines carry no Log=: their 200 only says
  // the proxy answered, and their 403 says less than the back end's Error: for the same status.
  const backEnd = cell.proxied > 0;
  const tokenKind = new Map<number, RequestKind>();
  for (const sig of cell.signatures) {
    const name = kindName(sig.kind);
    if (name !== 'success' && (sig.error || sig.as || sig.easStatus)) tokenKind.set(sig.status, name);
  }
  const kinds: StoryFacts['kinds'] = {};
  for (const sig of cell.signatures) {
    const bare = !sig.error && !sig.as && !sig.easStatus;
    const name = (bare && tokenKind.get(sig.status)) || kindName(sig.kind);
    const k = (kinds[name] ??= { count: 0, unrecovered: 0 });
    k.count += sig.count;
    if (name === 'success') continue;
    const sync = name !== 'auth';
    k.unrecovered += sig.unrecovered[backEnd ? (sync ? TRACK_LOGGED_SYNC : TRACK_LOGGED_ANY) : sync ? TRACK_SYNC : TRACK_ANY]!;
  }
  const usernames = cell.usernames.map((u) => ({ name: decodeLogValue(u.name), form: usernameForm(u.name), count: u.count, auth: u.auth }));
  return { requests: cell.total, successes: backEnd ? cell.loggedSuccesses : cell.successes, kinds, usernames };
}

/** Classifies every cell, then files cells into user and device stories (failing first). */
export function buildStories(part: ScanPart & Pick<ScanResult, 'readSamples'>): Stories {
  const judged: JudgedCell[] = [];
  for (const cell of part.cells) {
    const facts = factsOf(cell);
    judged.push({ cell, facts, verdict: classifyFacts(facts) });
  }
  // Domain mismatch compares failing users with the ones that work.
  const working = new Map<UsernameForm, string>();
  for (const j of judged) {
    if (j.verdict.classification !== 'ok') continue;
    for (const u of j.facts.usernames) if (u.form !== 'none' && !working.has(u.form)) working.set(u.form, u.name);
  }
  const ctx: ClassifyContext = { workingForms: new Set(working.keys()), workingExample: working.get('netbios') ?? working.get('upn') };
  for (const j of judged) if (j.verdict.classification === 'auth-loop') j.verdict = classifyFacts(j.facts, ctx);

  const byUser = new Map<string, JudgedCell[]>();
  const byDevice = new Map<string, JudgedCell[]>();
  for (const j of judged) {
    const u = canonicalUser(j.cell.user);
    if (!byUser.has(u)) byUser.set(u, []);
    byUser.get(u)!.push(j);
    if (j.cell.deviceId !== '') {
      const d = decodeLogValue(j.cell.deviceId).toLowerCase();
      if (!byDevice.has(d)) byDevice.set(d, []);
      byDevice.get(d)!.push(j);
    }
  }
  const users = [...byUser].map(([id, cells]) => summarize('user', id, cells, part.readSamples));
  const devices = [...byDevice].map(([id, cells]) => summarize('device', id, cells, part.readSamples));
  return { users: failingFirst(users), devices: failingFirst(devices) };
}

/**
 * Failing stories sorted worst first, then the ok ones in the order first seen: only the
 * failing ones are listed, and sorting thousands of ok stories took longer than classifying them.
 */
function failingFirst(stories: StoryEntry[]): StoryEntry[] {
  const failing: StoryEntry[] = [];
  const ok: StoryEntry[] = [];
  for (const s of stories) (s.classification === 'ok' ? ok : failing).push(s);
  return failing.sort(worstFirst).concat(ok);
}

/**
 * Failing stories first, most persistent failures first; ties by id in code-unit order
 * (compareText: not the machine's locale, and no ICU collator set up, 10 ms of every `log` run).
 */
export function worstFirst(a: StorySummary, b: StorySummary): number {
  const fa = a.classification === 'ok' ? 1 : 0;
  const fb = b.classification === 'ok' ? 1 : 0;
  return fa - fb || b.unrecovered - a.unrecovered || b.failures - a.failures || b.requests - a.requests || compareText(a.id, b.id);
}

function summarize(kind: 'user' | 'device', id: string, cells: JudgedCell[], readSamples?: StoryEntry['readSamples']): StoryEntry {
  if (cells.length > 1) cells.sort((a, b) => SEVERITY.indexOf(a.verdict.classification) - SEVERITY.indexOf(b.verdict.classification) || b.cell.total - a.cell.total);
  const worst = cells[0]!;
  let requests = 0;
  let failures = 0;
  let unrecoveredCount = 0;
  let last = 0;
  for (const { cell, facts } of cells) {
    requests += cell.total;
    last = Math.max(last, cell.last);
    for (const k in facts.kinds) {
      if (k === 'success' || k === 'unknown') continue;
      const v = facts.kinds[k as RequestKind]!;
      failures += v.count;
      unrecoveredCount += v.unrecovered;
    }
  }
  let reason = worst.verdict.reason;
  if (kind === 'user' && cells.length > 1 && worst.verdict.classification !== 'ok') {
    reason = `device ${decodeLogValue(worst.cell.deviceId) || '(none)'}: ${reason}`;
  }
  return {
    kind,
    id,
    name: kind === 'user' ? decodeLogValue(worst.cell.user) || '(anonymous)' : decodeLogValue(worst.cell.deviceId),
    classification: worst.verdict.classification,
    reason,
    continueAt: CONTINUE_AT[worst.verdict.classification],
    requests,
    failures,
    unrecovered: unrecoveredCount,
    lastSeen: formatTimestamp(last),
    cells,
    readSamples,
  };
}

/** The whole story behind a summary: counts by status, Error and As, names, servers, samples. */
export function tellStory(entry: StoryEntry): Story {
  const { cells, readSamples, ...summary } = entry;
  readSamples?.(cells.map((j) => j.cell));
  const s: Story = { ...summary, ...noDetails() };
  let first = 0;
  let lastSuccess = 0;
  const frontEnds = new Map<string, number>();
  const mailboxes = new Map<string, number>();
  const names = new Map<string, Story['usernames'][number]>();
  for (const { cell, facts, verdict } of cells) {
    if (cell.first && (first === 0 || cell.first < first)) first = cell.first;
    lastSuccess = Math.max(lastSuccess, cell.lastSuccess);
    for (const sig of cell.signatures) {
      add(s.byStatus, sig.status ? String(sig.status) : 'unknown', sig.count);
      if (sig.substatus) add(s.bySubStatus, `${sig.status}.${sig.substatus}`, sig.count);
      if (sig.error) add(s.byError, sig.error, sig.count);
      if (sig.as) add(s.byAs, sig.as, sig.count);
      if (sig.easStatus) add(s.byEasStatus, sig.easStatus, sig.count);
    }
    for (const u of facts.usernames) {
      const n = names.get(u.name);
      if (n) {
        n.count += u.count;
        n.auth += u.auth;
      } else names.set(u.name, { ...u });
    }
    for (const c of cell.frontEnds) frontEnds.set(c.name, (frontEnds.get(c.name) ?? 0) + c.count);
    for (const c of cell.mailboxServers) mailboxes.set(c.name, (mailboxes.get(c.name) ?? 0) + c.count);
    for (const c of cell.failedCommands) add(s.failedCommands, c.name || '-', c.count);
    s.proxied += cell.proxied;
    s.pairs.push({
      user: decodeLogValue(cell.user),
      deviceId: decodeLogValue(cell.deviceId),
      deviceType: decodeLogValue(cell.deviceType),
      requests: cell.total,
      classification: verdict.classification,
      reason: verdict.reason,
    });
    for (const { file, line, text } of cell.samples) if (s.samples.length < 6) s.samples.push({ file, line, text });
  }
  s.firstSeen = formatTimestamp(first);
  s.lastSuccess = formatTimestamp(lastSuccess);
  s.usernames = [...names.values()].sort((a, b) => b.count - a.count);
  s.frontEnds = byCount(frontEnds).map((k) => decodeLogValue(k));
  s.mailboxServers = byCount(mailboxes).map((k) => decodeLogValue(k));
  return s;
}

function add(into: Record<string, number>, key: string, n: number): void {
  into[key] = (into[key] ?? 0) + n;
}

function byCount(m: Map<string, number>): string[] {
  return [...m].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}

/** What the logs say about one user, one device, or both; a `no-requests` story when they are absent. */
export function findStory(stories: Stories, want: { user?: string; device?: string }): Story {
  const device = want.device?.toLowerCase();
  if (want.user) {
    const u = stories.users.find((x) => userMatches(x.id, want.user!));
    if (!u) return emptyStory('user', want.user);
    if (!device) return tellStory(u);
    const cells = u.cells.filter((j) => decodeLogValue(j.cell.deviceId).toLowerCase() === device);
    if (cells.length === 0) return emptyStory('device', want.device!, `user ${u.name} has requests, but none from device ${want.device}: the device never reached this server with this account`);
    return tellStory(summarize('device', device, cells, u.readSamples));
  }
  if (device) {
    const d = stories.devices.find((x) => x.id === device);
    return d ? tellStory(d) : emptyStory('device', want.device!);
  }
  return emptyStory('user', '');
}

function emptyStory(kind: 'user' | 'device', name: string, reason?: string): Story {
  const verdict = classifyFacts({ requests: 0, successes: 0, kinds: {}, usernames: [] });
  return {
    kind,
    id: name.toLowerCase(),
    name,
    classification: 'no-requests',
    reason: reason ?? `no ActiveSync request from ${kind} ${name} in these logs: the device never reached this server; look upstream (DNS, firewall, reverse proxy, certificate)`,
    continueAt: CONTINUE_AT[verdict.classification],
    requests: 0,
    failures: 0,
    unrecovered: 0,
    lastSeen: '',
    ...noDetails(),
  };
}

/** A story's detail fields before any request is counted into them. */
function noDetails(): Omit<Story, keyof StorySummary> {
  return {
    firstSeen: '',
    lastSuccess: '',
    byStatus: {},
    bySubStatus: {},
    byError: {},
    byAs: {},
    byEasStatus: {},
    failedCommands: {},
    usernames: [],
    pairs: [],
    frontEnds: [],
    mailboxServers: [],
    proxied: 0,
    samples: [],
  };
}
