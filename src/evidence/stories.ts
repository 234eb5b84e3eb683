// Cells (user x device) -> stories per user and per device, each classified, with evidence:
// counts by status, sub-status, Error and As, first and last seen, sample lines, front ends.
import { unrecovered } from './aggregate.js';
import { classifyFacts, SEVERITY, type ClassifyContext, type StoryFacts, type Verdict } from './classify.js';
import { CONTINUE_AT } from './continue-at.js';
import { kindName } from './request-kind.js';
import { formatTimestamp } from './time.js';
import type { Cell, LogLineRef, ScanPart, StoryClassification, UsernameForm } from './types.js';
import { canonicalUser, decodeLogValue, userMatches, usernameForm } from './username.js';

/** One user's or one device's story, as plain JSON. */
export interface Story {
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
  firstSeen: string;
  lastSeen: string;
  lastSuccess: string;
  /** Requests by HTTP status (`"449"`) and by status.sub-status when the sub-status is not 0 (`"401.2"`). */
  byStatus: Record<string, number>;
  bySubStatus: Record<string, number>;
  byError: Record<string, number>;
  byAs: Record<string, number>;
  byEasStatus: Record<string, number>;
  usernames: { name: string; form: UsernameForm; count: number; auth: number }[];
  /** The user-device pairs in this story, worst first. */
  pairs: { user: string; deviceId: string; deviceType: string; requests: number; classification: StoryClassification; reason: string }[];
  /** Front ends that proxied these requests to this back end. */
  frontEnds: string[];
  mailboxServers: string[];
  proxied: number;
  samples: LogLineRef[];
}

interface JudgedCell {
  cell: Cell;
  facts: StoryFacts;
  verdict: Verdict;
}

/** Every story in a scan. */
export interface Stories {
  users: Story[];
  devices: Story[];
}

function factsOf(cell: Cell): StoryFacts {
  const kinds: StoryFacts['kinds'] = {};
  for (const sig of cell.signatures.values()) {
    const name = kindName(sig.kind);
    const k = (kinds[name] ??= { count: 0, unrecovered: 0 });
    k.count += sig.count;
    if (name !== 'success') k.unrecovered += unrecovered(sig, cell, name !== 'auth');
  }
  const usernames = [...cell.usernames].map(([raw, use]) => ({ name: decodeLogValue(raw), form: usernameForm(raw), count: use.count, auth: use.auth }));
  return { requests: cell.total, successes: cell.successes, kinds, usernames };
}

/** Classifies every cell, then files cells into user and device stories (failing first). */
export function buildStories(part: ScanPart): Stories {
  const judged: JudgedCell[] = [];
  for (const devices of part.cells.values()) {
    for (const cell of devices.values()) {
      const facts = factsOf(cell);
      judged.push({ cell, facts, verdict: classifyFacts(facts) });
    }
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
  const users = [...byUser].map(([id, cells]) => story('user', id, cells));
  const devices = [...byDevice].map(([id, cells]) => story('device', id, cells));
  return { users: users.sort(worstFirst), devices: devices.sort(worstFirst) };
}

/** Failing stories first, most persistent failures first. */
export function worstFirst(a: Story, b: Story): number {
  const fa = a.classification === 'ok' ? 1 : 0;
  const fb = b.classification === 'ok' ? 1 : 0;
  return fa - fb || b.unrecovered - a.unrecovered || b.failures - a.failures || b.requests - a.requests || a.id.localeCompare(b.id);
}

function story(kind: 'user' | 'device', id: string, cells: JudgedCell[]): Story {
  cells.sort((a, b) => SEVERITY.indexOf(a.verdict.classification) - SEVERITY.indexOf(b.verdict.classification) || b.cell.total - a.cell.total);
  const worst = cells[0]!;
  const s: Story = {
    kind,
    id,
    name: kind === 'user' ? decodeLogValue(worst.cell.user) || '(anonymous)' : decodeLogValue(worst.cell.deviceId),
    classification: worst.verdict.classification,
    reason: worst.verdict.reason,
    continueAt: CONTINUE_AT[worst.verdict.classification],
    requests: 0,
    failures: 0,
    unrecovered: 0,
    firstSeen: '',
    lastSeen: '',
    lastSuccess: '',
    byStatus: {},
    bySubStatus: {},
    byError: {},
    byAs: {},
    byEasStatus: {},
    usernames: [],
    pairs: [],
    frontEnds: [],
    mailboxServers: [],
    proxied: 0,
    samples: [],
  };
  if (kind === 'user' && cells.length > 1 && worst.verdict.classification !== 'ok') {
    s.reason = `device ${decodeLogValue(worst.cell.deviceId) || '(none)'}: ${s.reason}`;
  }
  let first = 0;
  let last = 0;
  let lastSuccess = 0;
  const frontEnds = new Map<string, number>();
  const mailboxes = new Map<string, number>();
  const names = new Map<string, Story['usernames'][number]>();
  for (const { cell, facts, verdict } of cells) {
    s.requests += cell.total;
    for (const [k, v] of Object.entries(facts.kinds)) {
      if (k === 'success' || k === 'unknown') continue;
      s.failures += v.count;
      s.unrecovered += v.unrecovered;
    }
    if (cell.first && (first === 0 || cell.first < first)) first = cell.first;
    last = Math.max(last, cell.last);
    lastSuccess = Math.max(lastSuccess, cell.lastSuccess);
    for (const sig of cell.signatures.values()) {
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
    for (const [k, n] of cell.frontEnds) frontEnds.set(k, (frontEnds.get(k) ?? 0) + n);
    for (const [k, n] of cell.mailboxServers) mailboxes.set(k, (mailboxes.get(k) ?? 0) + n);
    s.proxied += cell.proxied;
    s.pairs.push({
      user: decodeLogValue(cell.user),
      deviceId: decodeLogValue(cell.deviceId),
      deviceType: decodeLogValue(cell.deviceType),
      requests: cell.total,
      classification: verdict.classification,
      reason: verdict.reason,
    });
    for (const sample of cell.samples) if (s.samples.length < 6) s.samples.push(sample);
  }
  s.firstSeen = formatTimestamp(first);
  s.lastSeen = formatTimestamp(last);
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
  if (want.user) {
    const s = stories.users.find((u) => userMatches(u.id, want.user!));
    if (!s) return emptyStory('user', want.user);
    if (!want.device) return s;
    const pair = s.pairs.find((p) => p.deviceId.toLowerCase() === want.device!.toLowerCase());
    if (!pair) return emptyStory('device', want.device, `user ${s.name} has requests, but none from device ${want.device}`);
    const d = stories.devices.find((x) => x.id === want.device!.toLowerCase());
    return d ?? emptyStory('device', want.device);
  }
  if (want.device) return stories.devices.find((x) => x.id === want.device!.toLowerCase()) ?? emptyStory('device', want.device);
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
    firstSeen: '',
    lastSeen: '',
    lastSuccess: '',
    byStatus: {},
    bySubStatus: {},
    byError: {},
    byAs: {},
    byEasStatus: {},
    usernames: [],
    pairs: [],
    frontEnds: [],
    mailboxServers: [],
    proxied: 0,
    samples: [],
  };
}
