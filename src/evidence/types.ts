// Shared shapes of the IIS log pipeline: read -> parse -> aggregate -> stories -> classify.
// Plain data only, so scan results cross worker threads by structured clone.
import type { Untracked } from './untracked.js';

/** What a user's or a device's ActiveSync story says, in the order the classifier prefers. */
export const STORY_CLASSIFICATIONS = [
  'ok',
  'auth-loop',
  'domain-mismatch',
  'device-not-provisioned',
  'user-not-found',
  'user-disabled',
  'device-blocked',
  'policy-refresh',
  'redirect',
  'throttled',
  'server-error',
  'no-requests',
] as const;
export type StoryClassification = (typeof STORY_CLASSIFICATIONS)[number];

/** What one request says on its own; `auth` is a 401 (or a refused client certificate). */
export const REQUEST_KINDS = [
  'success',
  'auth',
  'user-not-found',
  'user-disabled',
  'device-blocked',
  'device-not-provisioned',
  'policy-refresh',
  'redirect',
  'throttled',
  'server-error',
  'other',
  'unknown',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
/** Index into REQUEST_KINDS: the hot path stores kinds as small integers. */
export type KindCode = number;

/** How a `cs-username` is written: `DOMAIN\user`, `domain.local\user`, `user@domain`, `user`, or `-`. */
export type UsernameForm = 'netbios' | 'fqdn' | 'upn' | 'bare' | 'none';

/** One line of a log, positioned: 1-based line number in its file. */
export interface LogLineRef {
  file: string;
  line: number;
  text: string;
}

/** A line that could not be read as a request, and why. */
export interface GarbageLine extends LogLineRef {
  reason: string;
}

/** Requests sharing status, sub-status, `Error:`, `As:` and EAS status, inside one cell. */
export interface Signature {
  status: number;
  substatus: number;
  error: string;
  as: string;
  easStatus: string;
  kind: KindCode;
  count: number;
  /** Timestamps are numbers YYYYMMDDhhmmss (UTC), 0 when unknown: see `time.ts`. */
  first: number;
  last: number;
  /**
   * Occurrences after the cell's last success, per track (see TRACK_*): any success or only
   * a synchronising one (not OPTIONS), counting all lines or only those with a Log= value.
   */
  unrecovered: number[];
}

/** How often one `cs-username` value was seen, and how often it got a 401. */
export interface UsernameUse {
  name: string;
  count: number;
  auth: number;
}

/** A value and how often it was seen (front ends, mailbox servers: sampled, see addRequest). */
export interface Counted {
  name: string;
  count: number;
}

/** Everything known about one user on one device: the unit the classifier judges. */
export interface Cell {
  /** The `User=` value as logged (or the cs-username when the query has none). */
  user: string;
  deviceId: string;
  deviceType: string;
  total: number;
  successes: number;
  /** Successes on lines with a Log= value (the back end's word, when there is a back end). */
  loggedSuccesses: number;
  first: number;
  last: number;
  /** The last success of any kind (YYYYMMDDhhmmss), 0 for none. */
  lastSuccess: number;
  /** Few per cell: searched in order, comparing in place, without building keys. */
  signatures: Signature[];
  usernames: UsernameUse[];
  /** Front ends that proxied this cell's requests (PrxFrom:, or c-ip of a back-end line). */
  frontEnds: Counted[];
  mailboxServers: Counted[];
  /** Commands (`Cmd=`) of failed requests: which step breaks (Settings, Provision, FolderSync...). */
  failedCommands: Counted[];
  /** Back-end (port 444, /Proxy/) and front-end request counts. */
  proxied: number;
  /**
   * The first line of each signature (`sig` is its key), in file order. A line of a plain file
   * may still be a place in it (`at`, `len`: bytes) with an empty `text`: see `ScanResult.readSamples`.
   */
  samples: (LogLineRef & { sig: string; at?: number; len?: number })[];
}

/** Counters and cells from reading one file, one byte range of it, or many files. */
export interface ScanPart {
  cells: Cell[];
  lines: number;
  blank: number;
  directives: number;
  requests: number;
  nonEas: number;
  filtered: number;
  repaired: number;
  garbage: number;
  garbageSamples: GarbageLine[];
  repairedSamples: LogLineRef[];
  first: number;
  last: number;
  /** Set when there were more user-and-device pairs than are tracked in detail: what the pairs past the cap did. */
  untracked?: Untracked;
}

/** One input file as read. */
export interface FileSummary {
  path: string;
  bytes: number;
  gzip: boolean;
  lines: number;
  requests: number;
  garbage: number;
  /** Problems that stopped reading part of the file (a truncated gzip, a read error). */
  warnings: string[];
}

/** The result of scanning a set of files. */
export interface ScanResult extends ScanPart {
  files: FileSummary[];
  /** Reading stopped early because the signal was aborted. */
  aborted: boolean;
  /** Worker threads used (0: read on the calling thread). */
  workers: number;
  /** Byte ranges and files read: one per file, more when a file was split between threads. */
  ranges: number;
  /**
   * Reads the text of the given cells' samples that are still places in a file (a few per
   * user and device; reading them all took longer than telling the few stories shown).
   * Set by scanFiles and not enumerable, so the result stays plain data; stories.ts calls it.
   */
  readSamples?: (cells: readonly Cell[]) => void;
  /**
   * The most task results that waited at once to be merged (each holds a cell store): memory
   * for many files stays flat only while this stays small. Not enumerable, like readSamples.
   */
  pendingPeak?: number;
}
