// Damage done to a session journal (one JSON event a line): by a crash (truncation, a torn
// line), a disk (NULs, random bytes), a hand edit or a hostile copy (bad JSON mid-file, times
// like 1e300, values of the wrong type, a second start, no start, unknown events, escape
// sequences in tickets and notes, probe outcomes of any shape).
import { insertRandomBytes, truncateRandomly, type Rng } from './rng.js';

export interface JournalMutant {
  text: string | Uint8Array;
  ops: string[];
}

const HOSTILE = ['\u001b]0;pwned\u0007', '\u001b[2J\u001b[31m', '\u202e', '\u009b1m', '<script>alert(1)</script>', '## heading\n```', '\r\u001b[K', '\u0000'];

/** A value of some type, most of them wrong wherever they land. */
function anyValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => null,
    () => true,
    () => 1e300,
    () => -1,
    () => 0,
    () => 2 ** 53 + 1,
    () => '',
    () => 'x'.repeat(rng.pick([10, 5_000, 200_000])),
    () => rng.pick(HOSTILE),
    () => [],
    () => [1, 'two', null],
    () => ({}),
    () => ({ version: 'x', hash: 7 }),
    () => ({ __proto__: { polluted: true }, constructor: 'x' }),
    () => 'constructor',
    () => '__proto__',
    () => 'ssl/no-such-node',
    () => 'no-such-tree/x',
  ])();
}

/** Probe outcomes a journal might hold: well formed, partial, or not an object at all. */
function anyOutcome(rng: Rng): unknown {
  return rng.pick<unknown>([
    { probe: 'tls.certificate', params: { host: 'mail.contoso.com', port: 443 }, node: 'ssl/cert-state', classification: 'expired', summary: `expired ${rng.pick(HOSTILE)}`, evidence: { subject: `CN=${rng.pick(HOSTILE)}`, notAfter: 1e300 }, durationMs: 12 },
    { probe: 'tls.certificate', classification: 'no-such-class' },
    { probe: 7, params: null, classification: ['a'], summary: { a: 1 }, evidence: 'text', durationMs: 'slow' },
    {},
    [],
    'ok',
  ]);
}

type Op = (lines: string[], rng: Rng) => string;

/** Parses line i as an object, when it is one. */
function objectAt(lines: string[], i: number): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(lines[i] ?? '');
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const at = (lines: string[], rng: Rng) => rng.int(0, Math.max(0, lines.length - 1));

const lineOps: Op[] = [
  (lines, rng) => {
    const i = at(lines, rng);
    const e = objectAt(lines, i);
    if (!e) return 'no object to retype';
    const keys = Object.keys(e);
    const key = rng.chance(0.8) && keys.length ? rng.pick(keys) : rng.pick(['ticket', 'operator', 'text', 'value', 'answer', 'to', 'byProbe', 'secret', 'loop', 'node', 'trees']);
    const v = anyValue(rng);
    e[key] = v;
    lines[i] = JSON.stringify(e);
    return `line ${i + 1}: "${key}" = ${JSON.stringify(v)?.slice(0, 40)}`;
  },
  (lines, rng) => {
    const i = at(lines, rng);
    const e = objectAt(lines, i);
    if (!e) return 'no object to drop a key from';
    const key = rng.pick(Object.keys(e).length ? Object.keys(e) : ['x']);
    delete e[key];
    lines[i] = JSON.stringify(e);
    return `line ${i + 1}: without "${key}"`;
  },
  (lines, rng) => {
    const i = at(lines, rng);
    const e = objectAt(lines, i);
    if (!e) return 'no object to re-time';
    const t = rng.pick<unknown>([1e300, -1e300, 8.64e15 + 1, -8.64e15, 0, -1, 1.5, '2024-05-01', null, 1e21]);
    e.at = t;
    lines[i] = JSON.stringify(e);
    return `line ${i + 1}: at = ${String(t)}`;
  },
  (lines, rng) => {
    const i = at(lines, rng);
    lines[i] = rng.pick(['{"type":"note","at":', 'not json', '{}', '[]', '"start"', 'null', '{"type":"start"}', '{"type":"answer","at":1,"node":"ssl/device-clock"}', '{'.repeat(5_000) + '}'.repeat(5_000), '[' .repeat(100_000)]);
    return `line ${i + 1}: replaced by bad JSON`;
  },
  (lines, rng) => {
    const i = rng.int(1, Math.max(1, lines.length - 1));
    lines.splice(i, 0, lines[0] ?? '');
    return `a second start at line ${i + 1}`;
  },
  (lines) => {
    lines.shift();
    return 'no start line';
  },
  (lines, rng) => {
    const i = at(lines, rng);
    const j = at(lines, rng);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return `lines ${i + 1} and ${j + 1} swapped`;
  },
  (lines, rng) => {
    const i = at(lines, rng);
    lines.splice(i, 0, lines[i] ?? '');
    return `line ${i + 1} twice`;
  },
  (lines, rng) => {
    const i = rng.int(1, lines.length);
    const type = rng.pick(['probe', 'answer', 'note', 'input', 'end', 'resume', 'fix-result', 'back', 'restart', 'probe-skipped', 'teleport', '__proto__']);
    const e: Record<string, unknown> = { type, at: Date.UTC(2026, 0, 1) + i };
    if (type === 'probe') Object.assign(e, { node: rng.pick(['ssl/cert-state', 'ssl/device-clock', 'x/y']), outcome: anyOutcome(rng) });
    if (type === 'answer') Object.assign(e, { node: rng.pick(['ssl/cert-state', 'ssl/device-clock', 'gone/x']), answer: rng.pick(['expired', 'yes', 'no-such-answer', 'constructor', rng.pick(HOSTILE)]) });
    if (type === 'note') Object.assign(e, { node: 'ssl/device-clock', text: rng.pick(HOSTILE) + 'x'.repeat(rng.pick([0, 100_000])) });
    if (type === 'input') Object.assign(e, { name: rng.pick(['host', 'password', 'constructor', 'x']), value: rng.pick(['mail.contoso.com', rng.pick(HOSTILE), 'https://evil/']), ...(rng.chance(0.3) ? { secret: true } : {}) });
    if (type === 'end') Object.assign(e, { status: rng.pick(['resolved', 'escalated', 'abandoned', 'open', 'exploded']), node: 'ssl/fix-renew-cert' });
    if (type === 'resume') Object.assign(e, { trees: rng.pick<unknown>([{}, { ssl: { version: 99, hash: 'x' } }, { ssl: 5 }, null]) });
    if (type === 'fix-result') Object.assign(e, { node: 'ssl/fix-renew-cert', result: rng.pick(['resolved', 'did-not-help', 'maybe']) });
    lines.splice(i, 0, JSON.stringify(e));
    return `${type} event inserted at line ${i + 1}`;
  },
];

type TextOp = (text: string, rng: Rng) => { text: string | Uint8Array; op: string };

const textOps: TextOp[] = [
  truncateRandomly,
  (t, rng) => {
    const n = rng.int(0, t.length);
    return { text: t.slice(0, n) + '\u0000'.repeat(rng.int(1, 64)) + t.slice(n), op: `NULs at char ${n}` };
  },
  (t, rng) => insertRandomBytes(t, rng, 32),
  (t) => ({ text: t.replace(/\n/g, '\r\n'), op: 'CRLF line ends' }),
  (t) => ({ text: t.replace(/\n$/, ''), op: 'last newline missing' }),
];

/** One damaged journal from an intact one: 1-3 line mutations and at most one on the bytes. */
export function damage(text: string, rng: Rng): JournalMutant {
  const lines = text.replace(/\n$/, '').split('\n');
  const ops: string[] = [];
  for (let k = rng.int(rng.chance(0.3) ? 0 : 1, 3); k > 0; k--) ops.push(rng.pick(lineOps)(lines, rng));
  let out: string | Uint8Array = lines.join('\n') + '\n';
  if (ops.length === 0 || rng.chance(0.35)) {
    const r = rng.pick(textOps)(out, rng);
    ops.push(r.op);
    out = r.text;
  }
  return { text: out, ops };
}
