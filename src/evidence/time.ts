// Timestamps as numbers YYYYMMDDhhmmss: compared without Date objects on the hot path and
// never holding on to slices of the file's text.

/** 20110506113011 -> `2011-05-06T11:30:11Z`; '' for 0. */
export function formatTimestamp(ts: number): string {
  if (!ts) return '';
  const s = String(ts).padStart(14, '0');
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}Z`;
}

/** A Date -> YYYYMMDDhhmmss (UTC). */
export function timestampOf(date: Date): number {
  const iso = date.toISOString();
  return Number(iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19));
}

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Reads a --since/--until value: an ISO date or date-time (`2011-05-06`, `2011-05-06 11:30`,
 * `2011-05-06T11:30:00Z`; read as UTC, like IIS logs) or an age (`90m`, `2h`, `7d`) before
 * `now`. Returns undefined when the text is neither.
 */
export function parseTimeBound(text: string, now: number, end: 'since' | 'until'): number | undefined {
  const t = text.trim();
  const rel = RELATIVE.exec(t);
  if (rel) return timestampOf(new Date(now - Number(rel[1]) * (UNIT_MS[rel[2]!.toLowerCase()] ?? 0)));
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  const hasTime = h !== undefined;
  const iso = `${y}-${mo}-${d}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${zone ?? 'Z'}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const ts = timestampOf(date);
  // A bare date as --until means "through the end of that day".
  if (end === 'until' && !hasTime) return ts + 235959;
  if (end === 'until' && s === undefined) return ts + 59;
  return ts;
}
