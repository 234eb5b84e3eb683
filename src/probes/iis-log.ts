// iis.log: reads IIS W3C logs and classifies one user's or device's ActiveSync story (or, with
// neither, the worst story in the logs). Classifies only; the tree says what each one means.
import {
  buildStories,
  focusedStory,
  formatTimestamp,
  LogReadError,
  parseTimeBound,
  resolveInputs,
  scanFiles,
  tellStory,
  type ScanResult,
  type Story,
} from '../evidence/index.js';
import { iisLog as descriptor } from './descriptors/iis-log.js';
import type { Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

const TOP = 5;

async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const started = ctx.now();
  const done = (classification: string, summary: string, evidence: Record<string, unknown>): ProbeResult => ({
    classification,
    summary,
    evidence,
    durationMs: ctx.now() - started,
  });
  const file = String(params.file ?? '');
  const user = params.user === undefined || params.user === '' ? undefined : String(params.user);
  const device = params.device === undefined || params.device === '' ? undefined : String(params.device);
  const bounds: { since?: number; until?: number } = {};
  for (const end of ['since', 'until'] as const) {
    const raw = params[end];
    if (raw === undefined || raw === '') continue;
    const t = parseTimeBound(String(raw), ctx.now(), end);
    if (t === undefined) return done('error', `${end} "${String(raw)}" is not a time: use 2024-05-01, "2024-05-01 13:00" or an age such as 2h`, { [end]: raw });
    bounds[end] = t;
  }

  const { files, problems } = await resolveInputs([file], process.cwd());
  if (problems.length) return done('error', problems.map((p) => p.message).join('; '), { file, problems });
  ctx.onProgress?.(`reading ${files.length} IIS log file(s)`);
  let scan: ScanResult;
  try {
    scan = await scanFiles(files, { ...bounds, signal: ctx.signal });
  } catch (err) {
    if (err instanceof LogReadError) return done('error', err.message, { file: err.file, code: err.code });
    throw err;
  }
  if (scan.aborted) return done('timeout', `stopped reading ${file} at the deadline`, overview(scan));

  const stories = buildStories(scan);
  const base = overview(scan);
  if (user !== undefined || device !== undefined) {
    const story = await focusedStory(files, { ...bounds, signal: ctx.signal }, scan, stories, { user, device });
    return done(story.classification, sentence(story), { ...base, story });
  }
  const failingUsers = stories.users.filter((s) => s.classification !== 'ok');
  const topUsers = failingUsers.slice(0, TOP).map(tellStory);
  const topDevices = stories.devices.filter((s) => s.classification !== 'ok').slice(0, TOP).map(tellStory);
  const evidence = { ...base, failingUsers: failingUsers.length, users: stories.users.length, topUsers, topDevices };
  if (scan.requests === 0) {
    return done('no-requests', `no ActiveSync request in ${file}: devices never reached this server; look upstream`, evidence);
  }
  const worst = topUsers[0];
  if (!worst) return done('ok', `all ${stories.users.length} user(s) in ${file} end in success`, evidence);
  return done(worst.classification, `${failingUsers.length} of ${stories.users.length} user(s) failing; worst: ${sentence(worst)}`, evidence);
}

function overview(scan: ScanResult): Record<string, unknown> {
  return {
    files: scan.files,
    lines: scan.lines,
    requests: scan.requests,
    garbage: scan.garbage,
    garbageSamples: scan.garbageSamples.slice(0, 3),
    repaired: scan.repaired,
    filtered: scan.filtered,
    firstSeen: formatTimestamp(scan.first),
    lastSeen: formatTimestamp(scan.last),
    // Users and devices past the pairs tracked in detail: counted, not listed.
    truncated: scan.untracked ?? null,
  };
}

function sentence(s: Story): string {
  const who = `${s.kind} ${s.name}`;
  if (s.requests === 0) return `${who}: ${s.reason}`;
  return `${who}: ${s.reason} (${s.failures} of ${s.requests} request(s) failed, last seen ${s.lastSeen || 'at an unknown time'})`;
}

export const probe: Probe = { ...descriptor, run };
