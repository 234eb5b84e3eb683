// `eas-doctor log FILE...`: reads IIS logs and reports the failing users and devices, each
// with its classification and the tree node to continue at; with --user, that user's story.
import { padEnd, widthOf } from '../../util/text-width.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import {
  buildStories,
  focusedStory,
  labelFor,
  LogReadError,
  parseTimeBound,
  resolveInputs,
  scanFiles,
  formatTimestamp,
  tellStory,
  decodeLogValue,
  type ScanOptions,
  type ScanResult,
  type Stories,
  type Story,
  type StoryEntry,
  type StorySummary,
} from '../../evidence/index.js';
import { isSafeText, safeText } from '../../util/safe-text.js';

interface Options extends OutputOptions {
  user?: string;
  device?: string;
  since?: string;
  until?: string;
  top?: string;
}

export const command: Command<Options> = { run };

async function run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
  const problems: string[] = [];
  if (positionals.length === 0) problems.push('name at least one IIS log file (e.g. u_ex240501.log, a folder, or a glob)');
  const now = io.now();
  const since = values.since === undefined ? undefined : parseTimeBound(values.since, now, 'since');
  const until = values.until === undefined ? undefined : parseTimeBound(values.until, now, 'until');
  if (values.since !== undefined && since === undefined) problems.push(`--since "${values.since}" is not a time: use 2024-05-01, "2024-05-01 13:00", 2024-05-01T13:00Z or an age such as 2h or 7d`);
  if (values.until !== undefined && until === undefined) problems.push(`--until "${values.until}" is not a time: use 2024-05-01, "2024-05-01 13:00", 2024-05-01T13:00Z or an age such as 2h or 7d`);
  if (since !== undefined && until !== undefined && since > until) problems.push('--since is after --until');
  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1) problems.push(`--top must be a whole number of at least 1, not "${values.top}"`);
  if (problems.length) throw new UsageError(problems.join('\n'));

  const { files, problems: missing } = await resolveInputs(positionals, io.cwd);
  if (missing.length) {
    for (const p of missing) println(io.stderr, `eas-doctor log: ${p.message}`);
    return 2;
  }
  const labels = new Map(files.map((f) => [f, labelFor(f, io.cwd)]));
  const started = performance.now();
  let scan: ScanResult;
  const scanOpts: ScanOptions = {
    since,
    until,
    labels,
    workers: io.env.EAS_DOCTOR_LOG_WORKERS !== undefined ? Number(io.env.EAS_DOCTOR_LOG_WORKERS) : undefined,
    parallelMinBytes: io.env.EAS_DOCTOR_LOG_PARALLEL_BYTES !== undefined ? Number(io.env.EAS_DOCTOR_LOG_PARALLEL_BYTES) : undefined,
    // Tests make the cap small; a user has no reason to.
    maxCells: io.env.EAS_DOCTOR_LOG_MAX_PAIRS !== undefined ? Math.max(1, Number(io.env.EAS_DOCTOR_LOG_MAX_PAIRS) || 1) : undefined,
  };
  let story: Story | undefined;
  let stories: Stories;
  const wanted = values.user !== undefined || values.device !== undefined;
  try {
    scan = await scanFiles(files, scanOpts);
    stories = buildStories(scan);
    if (wanted) story = await focusedStory(files, scanOpts, scan, stories, { user: values.user, device: values.device });
  } catch (err) {
    if (err instanceof LogReadError) {
      println(io.stderr, `eas-doctor log: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const seconds = (performance.now() - started) / 1000;
  const failingUsers = stories.users.filter((s) => s.classification !== 'ok');
  const failingDevices = stories.devices.filter((s) => s.classification !== 'ok');

  // A file not read to the end (its warnings say why) or an interrupted read: the counts cover only what was read.
  const partial = scan.aborted || scan.files.some((f) => f.warnings.length > 0);
  if (values.json) {
    const report = {
      files: scan.files,
      partial,
      lines: scan.lines,
      requests: scan.requests,
      nonActiveSync: scan.nonEas,
      filtered: scan.filtered,
      repaired: scan.repaired,
      garbage: scan.garbage,
      garbageSamples: scan.garbageSamples,
      firstSeen: formatTimestamp(scan.first),
      lastSeen: formatTimestamp(scan.last),
      threads: Math.max(1, scan.workers),
      users: stories.users.length,
      devices: stories.devices.length,
      failing: { users: failingUsers.length, devices: failingDevices.length },
      truncated: truncated(scan),
      failingUsers: failingUsers.slice(0, top).map(tellStory),
      failingDevices: failingDevices.slice(0, top).map(tellStory),
      ...(story ? { story } : {}),
    };
    printDocument(io, 'log', report);
  } else {
    renderOverview(io, scan, stories.users.length, stories.devices.length, seconds);
    if (story) renderStory(io, story);
    else renderFailing(io, failingUsers, failingDevices, stories.users.length, stories.devices.length, top, positionals);
  }
  if (story) return story.classification === 'ok' ? 0 : 1;
  return failingUsers.length > 0 || scan.requests === 0 ? 1 : 0;
}

/**
 * A count with thousands separators, as en-US writes it: 1318753 -> "1,318,753". Not through
 * Intl.NumberFormat, whose first use loads ICU's number data: 15 ms of every run, --json too.
 */
export function n(x: number): string {
  return Number.isSafeInteger(x) ? String(x).replace(/\B(?=(\d{3})+$)/g, ',') : String(x);
}

function renderOverview(io: CliIO, scan: ScanResult, users: number, devices: number, seconds: number): void {
  const bytes = scan.files.reduce((s, f) => s + f.bytes, 0);
  const range = scan.first ? `, ${formatTimestamp(scan.first)} to ${formatTimestamp(scan.last)}` : '';
  println(io.stdout, `Read ${scan.files.length} file(s), ${formatBytes(bytes)} in ${seconds.toFixed(1)} s: ${n(scan.lines)} lines, ${n(scan.requests)} ActiveSync requests from ${n(users)} user(s) on ${n(devices)} device(s)${range}.`);
  if (scan.filtered) println(io.stdout, `Left out ${n(scan.filtered)} request(s) outside --since/--until.`);
  if (scan.repaired) println(io.stdout, `Repaired ${n(scan.repaired)} wrapped or over-escaped line(s) (copied from a web page?).`);
  if (scan.garbage) {
    const g = scan.garbageSamples[0];
    println(io.stdout, `Skipped ${n(scan.garbage)} unreadable line(s)${g ? `; first at ${safeText(g.file)}:${g.line}: ${safeText(g.reason)}` : ''}.`);
  }
  for (const f of scan.files) for (const w of f.warnings) println(io.stderr, `warning: ${safeText(w)}`);
  const cut = scan.files.filter((f) => f.warnings.length > 0).length;
  if (cut) println(io.stdout, `Partial report: ${n(cut)} file(s) not read to the end (see the warnings); the counts cover only what was read.`);
  const u = scan.untracked;
  if (u) {
    const about = u.estimated ? 'about ' : '';
    println(
      io.stdout,
      `Detail is kept for the first ${n(u.cells)} user-device pairs: ${about}${n(u.users)} more user(s) on ${about}${n(u.devices)} more device(s) (${n(u.requests)} request(s), ${n(u.failures)} failed) are in the counts above but not listed; --user and --device still find them. Read fewer files or a shorter --since/--until to list them.`,
    );
  }
  if (scan.requests === 0) {
    println(io.stdout, '');
    println(io.stdout, `No ActiveSync request in these logs (${n(scan.nonEas)} other request(s)). If a device fails, it never reached this server: look upstream (DNS, firewall, reverse proxy, certificate).`);
    println(io.stdout, 'Continue at: connectivity#start');
  }
}

function renderFailing(io: CliIO, users: StoryEntry[], devices: StoryEntry[], userTotal: number, deviceTotal: number, top: number, files: string[]): void {
  if (userTotal === 0) return;
  println(io.stdout, '');
  if (users.length === 0) {
    println(io.stdout, `No failing user: all ${n(userTotal)} user(s) and ${n(deviceTotal)} device(s) end in success.`);
    return;
  }
  println(io.stdout, `Failing users (${n(users.length)} of ${n(userTotal)}):`);
  table(io, users.slice(0, top), (s) => safeText(s.name));
  if (devices.length) {
    println(io.stdout, '');
    println(io.stdout, `Failing devices (${n(devices.length)} of ${n(deviceTotal)}):`);
    table(io, devices.slice(0, top), (s) => {
      const c = s.cells[0]?.cell;
      const type = c ? decodeLogValue(c.deviceType) : '';
      const user = c ? decodeLogValue(c.user) : '';
      return safeText(`${s.name}${type ? ` (${type})` : ''}${user ? ` ${user}` : ''}`);
    });
  }
  println(io.stdout, '');
  const first = users[0]!;
  println(io.stdout, `Next: eas-doctor log ${files.map(shellQuote).join(' ')} --user ${shellQuote(first.id || first.name)}   (that user's story)`);
}

function table<T extends StorySummary>(io: CliIO, stories: T[], label: (s: T) => string): void {
  const width = Math.min(60, Math.max(...stories.map((s) => widthOf(label(s))), 4));
  for (const s of stories) {
    const counts = `${n(s.failures)} failed of ${n(s.requests)}`;
    println(io.stdout, `  ${padEnd(label(s), width)}  ${s.classification.padEnd(22)}  ${counts.padEnd(20)}  last ${s.lastSeen || '?'}  -> ${s.continueAt ?? '-'}`);
    println(io.stdout, `  ${''.padEnd(width)}  ${safeText(s.reason)}`);
  }
}

function renderStory(io: CliIO, s: Story): void {
  println(io.stdout, '');
  println(io.stdout, `${s.kind === 'user' ? 'User' : 'Device'} ${safeText(s.name)}: ${s.classification}`);
  println(io.stdout, `  ${safeText(s.reason)}`);
  println(io.stdout, `  Continue at: ${s.continueAt ?? 'nothing to fix in these logs'}`);
  if (s.requests === 0) return;
  println(io.stdout, '');
  // Every value here comes from the log: one row per line, so nothing in it may break the line.
  const row = (k: string, v: string) => v && println(io.stdout, `  ${k.padEnd(13)} ${safeText(v)}`);
  row('Requests', `${n(s.requests)} (${n(s.failures)} failed, ${n(s.unrecovered)} after the last success)`);
  row('First seen', s.firstSeen);
  row('Last seen', s.lastSeen);
  row('Last success', s.lastSuccess || 'never');
  row('Status', counts(s.byStatus));
  row('Sub-status', counts(s.bySubStatus));
  row('Error', counts(s.byError));
  row('As', counts(s.byAs));
  row('EAS status', counts(s.byEasStatus));
  row('Failing cmds', counts(s.failedCommands));
  row('Signed in as', s.usernames.map((u) => `${u.name} (${u.form}) ×${n(u.count)}${u.auth ? `, 401 ×${n(u.auth)}` : ''}`).join('; '));
  const pairs = s.pairs.map((p) => `${s.kind === 'user' ? p.deviceId || '(no DeviceId)' : p.user}${p.deviceType && s.kind === 'user' ? ` (${p.deviceType})` : ''}: ${p.classification}, ${n(p.requests)} request(s)`);
  row(s.kind === 'user' ? 'Devices' : 'Users', pairs.join('; '));
  row('Front ends', s.frontEnds.length ? `${s.frontEnds.join(', ')} (proxied ${n(s.proxied)} request(s) to this back end)` : '');
  row('Mailbox', s.mailboxServers.join(', '));
  if (s.samples.length) {
    println(io.stdout, '  Sample lines:');
    for (const l of s.samples) println(io.stdout, `    ${safeText(l.file)}:${l.line}  ${safeText(l.text.length > 400 ? l.text.slice(0, 400) + '…' : l.text)}`);
  }
}

function counts(m: Record<string, number>): string {
  return Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ×${n(v)}`)
    .join(', ');
}

function formatBytes(b: number): string {
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(1)} GB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(1)} MB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KB`;
  return `${b} bytes`;
}

/**
 * A word the shell reads back as `s`. Text with control or bidi characters is written in
 * bash's $'...' form with them as escapes, so the hint is both safe to show and exact to paste.
 */
export function shellQuote(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  if (isSafeText(s)) return `'${s.replace(/'/g, `'\\''`)}'`;
  return `$'${safeText(s.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))}'`;
}

/** What the report leaves out past the cap on user-device pairs (null: nothing). */
function truncated(scan: ScanResult): { pairsTracked: number; users: number; devices: number; requests: number; failures: number; estimated: boolean } | null {
  const u = scan.untracked;
  return u ? { pairsTracked: u.cells, users: u.users, devices: u.devices, requests: u.requests, failures: u.failures, estimated: u.estimated } : null;
}
