// Small text helpers the Markdown and HTML exports share.
import type { Shell } from '../tree/types.js';
import type { Transcript, TranscriptFix } from './model.js';

/** `2026-11-22T03:38:18.000Z` -> `2026-11-22 03:38:18 UTC`. */
export function when(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 19)} UTC`;
}

/** Milliseconds as `1 h 2 min`, `4 min 5 s` or `7 s`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The facts table at the top of every export, in order: [label, value]. */
export function factRows(t: Transcript): Array<[label: string, value: string]> {
  const s = t.session;
  const rows: Array<[string, string]> = [
    ['Ticket', s.ticket ?? '(none)'],
    ['Session', s.id],
    ['Operator', s.operator ?? '(not recorded)'],
    ['Started', when(s.startedAt)],
    s.endedAt ? ['Ended', when(s.endedAt)] : ['Last activity', when(s.lastActivityAt)],
    ['Duration', duration(s.durationMs)],
    ['Tree', treeLine(t)],
  ];
  for (const tree of t.trees) if (tree.id !== t.start.tree) rows.push(['Also used', treeLine(t, tree.id)]);
  rows.push(['Outcome', outcomeLine(t)]);
  if (s.redacted) rows.push(['Redacted', 'user names, host names, IP addresses and e-mail addresses are masked']);
  return rows;
}

/** A state key as people write node references: `net/port-open` -> `net#port-open`. */
export const ref = (key: string | undefined) => (key ? key.replace('/', '#') : '');

/** How each shell is labelled, and the fence language for its code. */
export const SHELL_LABELS: Record<Shell, { label: string; lang: string }> = {
  powershell: { label: 'PowerShell', lang: 'powershell' },
  ems: { label: 'Exchange Management Shell', lang: 'powershell' },
  cmd: { label: 'Command Prompt', lang: 'bat' },
  bash: { label: 'bash', lang: 'bash' },
  registry: { label: 'Registry', lang: 'reg' },
  gui: { label: 'GUI', lang: 'text' },
  appcmd: { label: 'appcmd (Command Prompt)', lang: 'bat' },
};

const STATUS_WORDS: Record<Transcript['session']['status'], string> = {
  open: 'Open',
  resolved: 'Resolved',
  escalated: 'Escalated',
  abandoned: 'Abandoned',
};

/** The outcome in one line: "Resolved: Renew the Exchange certificate (cert#fix-renew)". */
export function outcomeLine(t: Transcript): string {
  const o = t.outcome;
  const where = o.node ? ` (${ref(o.node)})` : '';
  switch (o.kind) {
    case 'fix':
      return `${STATUS_WORDS[o.status]}: ${o.status === 'open' ? 'fix proposed, waiting for its result' : 'fix'} "${o.text}"${where}`;
    case 'escalate':
      return `${STATUS_WORDS[o.status]}: ${o.text}${t.escalation ? `, to ${t.escalation.to}` : ''}${where}`;
    case 'question':
      return `${STATUS_WORDS[o.status]}: stopped at the question "${o.text}"${where}`;
    case 'input':
      return `${STATUS_WORDS[o.status]}: stopped while asking for "${o.text}"${where}`;
    case 'end':
      return `${STATUS_WORDS[o.status]}${where}`;
  }
}

/** The tree a transcript started in, with its version and short hash. */
export function treeLine(t: Transcript, id = t.start.tree): string {
  const tree = t.trees.find((x) => x.id === id);
  if (!tree) return id;
  const changed = tree.current === null ? ' (no longer loaded)' : tree.current ? ` (now version ${tree.current.version}, ${tree.current.hash.slice(0, 12)})` : '';
  return `${tree.id}${tree.title ? ` "${tree.title}"` : ''} version ${tree.version}, sha256 ${tree.hash.slice(0, 12)}${changed}`;
}

/** A fix section's result line: tried, waiting, or taken back before it was tried. */
export function fixResult(fix: TranscriptFix): string {
  if (fix.result === 'resolved') return 'the fix worked';
  if (fix.result === 'did-not-help') return 'the fix did not help';
  return fix.takenBack ? 'not tried: the walk was taken back from it' : 'not confirmed yet';
}

/** Why a fix that was shown does not stand. */
export function takenBackLine(tb: NonNullable<TranscriptFix['takenBack']>): string {
  return `This fix was shown, then ${tb.by === 'back' ? 'taken back' : 'dropped by a restart'} at ${when(tb.at)}; it does not stand.`;
}
