// The walk drawn as an inline SVG: one box per step, top to bottom, the answer on each arrow.
// Plain string building, no library: the HTML export must stay one self-contained file.
import { safeText } from '../util/safe-text.js';
import { ref } from './format.js';
import { segments, unmark } from './marks.js';
import type { Transcript } from './transcript.js';

const entities = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Escapes text for XML and HTML: entities for markup, controls as visible escapes (`\x1b`).
 * Line feeds and tabs stay in the author's text; a typed value (marks.ts) stays on one line, so
 * it cannot add a line to a command.
 */
export const esc = (s: string) => segments(s).map((p) => entities(safeText(p.text, p.value ? {} : { newlines: true, tabs: true }))).join('');

/** At most `n` characters of text, with an ellipsis when cut. */
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/** Wraps text at word boundaries to lines of at most `width` characters (long words are cut). */
export function wrap(text: string, width: number, maxLines = 4): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let w = word; w.length; ) {
      const room = line ? width - line.length - 1 : width;
      if (w.length <= room) {
        line = line ? `${line} ${w}` : w;
        w = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(w.slice(0, width));
        w = w.slice(width);
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = lines[maxLines - 1]!.slice(0, width - 1) + '…';
  }
  return lines.length ? lines : [''];
}

type BoxKind = 'question' | 'fix' | 'escalate' | 'stop' | 'end';
interface Box {
  kind: BoxKind;
  title: string;
  node: string;
  /** The arrow leaving this box. */
  edge?: { label: string; byProbe: boolean };
}

const W = 680;
const BOX_X = 40;
const BOX_W = 440;
const LINE = 16;
const GAP = 46;
const CHARS = 58;

/** The path as SVG markup. Deterministic: same transcript, same bytes. */
export function pathDiagram(t: Transcript): string {
  const boxes: Box[] = t.steps.map((s) =>
    s.kind === 'question'
      ? { kind: 'question', title: s.question, node: s.node, edge: { label: s.label, byProbe: s.byProbe } }
      : { kind: 'fix', title: s.title, node: s.node, edge: { label: s.result === 'resolved' ? 'Fixed it' : 'Did not help', byProbe: false } },
  );
  const o = t.outcome;
  const lastStep = t.steps[t.steps.length - 1];
  const endsOnLast = lastStep?.kind === 'fix' && lastStep.node === o.node;
  if (!endsOnLast) {
    const kind: BoxKind = o.kind === 'fix' ? 'fix' : o.kind === 'escalate' ? 'escalate' : o.kind === 'end' ? 'end' : 'stop';
    boxes.push({ kind, title: o.kind === 'end' ? `Session ${o.status}` : o.text, node: o.node ?? '' });
  }
  const parts: string[] = [];
  let y = 16;
  boxes.forEach((b, i) => {
    // Wrapped as plain text: a value's marks are not characters, and whitespace breaks its lines anyway.
    const lines = wrap(unmark(b.title), CHARS);
    const h = 14 + lines.length * LINE + (b.node ? LINE : 0) + 6;
    const last = i === boxes.length - 1;
    const cls = `box ${b.kind}${last ? ` status-${t.session.status}` : ''}`;
    parts.push(`<g class="${cls}">`, `<rect x="${BOX_X}" y="${y}" width="${BOX_W}" height="${h}" rx="6"/>`);
    lines.forEach((l, k) => parts.push(`<text x="${BOX_X + 12}" y="${y + 20 + k * LINE}">${esc(l)}</text>`));
    if (b.node) parts.push(`<text class="ref" x="${BOX_X + 12}" y="${y + 20 + lines.length * LINE}">${esc(ref(b.node))}</text>`);
    parts.push(`<text class="tag" x="${BOX_X + BOX_W + 10}" y="${y + 20}">${b.kind === 'stop' ? 'stopped here' : b.kind}</text>`);
    // Answers given here and taken back: the path that was tried first, in grey beside it.
    const undone = [...new Set(t.retracted.filter((r) => r.node === b.node).map((r) => r.label))];
    undone.slice(0, 2).forEach((label, k) => parts.push(`<text class="retracted" x="${BOX_X + BOX_W + 10}" y="${y + 36 + k * 14}">↺ ${esc(clip(unmark(label), 24))}</text>`));
    parts.push('</g>');
    y += h;
    if (!last) {
      const x = BOX_X + 36;
      parts.push(`<line class="edge" x1="${x}" y1="${y}" x2="${x}" y2="${y + GAP - 6}" marker-end="url(#arrow)"/>`);
      if (b.edge) {
        const label = b.edge.label.length > 60 ? b.edge.label.slice(0, 59) + '…' : b.edge.label;
        parts.push(`<text class="answer" x="${x + 12}" y="${y + GAP / 2 + 5}">${esc(label)}${b.edge.byProbe ? '<tspan class="probe"> ● from probe</tspan>' : ''}</text>`);
      }
      y += GAP;
    }
  });
  const height = y + 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="path" role="img" aria-label="The path of the walk" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...parts,
    '</svg>',
  ].join('\n');
}
