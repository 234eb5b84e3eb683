// Where typed values stand inside author text. A tree's question "Can {{user}} sign in?" is
// the author's Markdown with a value someone typed substituted into it: the Markdown and HTML
// exports must keep the author's text as written and escape only the value. Built for those
// exports, a transcript wraps every substituted value in two Unicode noncharacters (reserved
// for a program's internal use, never valid in interchange), which the redactor looks through
// and the renderers turn into escaping; the JSON export is built without them.

const OPEN = '\ufdd0';
const CLOSE = '\ufdd1';
const ANY_MARK = /[\ufdd0\ufdd1]/g;

/** A value marked as typed, not written by the tree author (a mark inside it becomes U+FFFD). */
export const markValue = (value: string) => `${OPEN}${value.replace(ANY_MARK, '\ufffd')}${CLOSE}`;

/** The text without its marks. */
export const unmark = (s: string) => (s.includes(OPEN) || s.includes(CLOSE) ? s.replace(ANY_MARK, '') : s);

/** One run of text: written by the author, or a typed value. */
export interface Segment {
  text: string;
  value: boolean;
}

/** Splits marked text into author and value runs, in order (an unclosed mark runs to the end). */
export function segments(s: string): Segment[] {
  const out: Segment[] = [];
  let value = false;
  let text = '';
  const flush = () => {
    if (text) out.push({ text, value });
    text = '';
  };
  for (const ch of s) {
    if (ch === OPEN || ch === CLOSE) {
      flush();
      value = ch === OPEN;
    } else text += ch;
  }
  flush();
  return out;
}

/** Joins segments back into marked text. */
export const joinSegments = (parts: readonly Segment[]) => parts.map((p) => (p.value ? markValue(p.text) : p.text)).join('');

/**
 * Rewrites marked text as if it had no marks: `replace` sees the plain text and returns the
 * replacement for each match of `re` (global). Unchanged text keeps its marks; a replacement
 * for a match that touched a value is marked as a value, so a mask for `CONTOSO\{{user}}` is
 * escaped as typed text and a pattern can match across the author's text and the value.
 */
export function replaceMarked(s: string, re: RegExp, replace: (match: RegExpMatchArray) => string): string {
  const parts = segments(s);
  const plain = parts.map((p) => p.text).join('');
  // valueAt[i]: the plain text's character i came from a value.
  const valueAt: boolean[] = [];
  for (const p of parts) for (let i = 0; i < p.text.length; i++) valueAt.push(p.value);
  const out: Segment[] = [];
  const emit = (text: string, value: boolean) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.value === value) last.text += text;
    else out.push({ text, value });
  };
  const copy = (from: number, to: number) => {
    for (let i = from; i < to; ) {
      let j = i;
      while (j < to && valueAt[j] === valueAt[i]) j++;
      emit(plain.slice(i, j), valueAt[i]!);
      i = j;
    }
  };
  let last = 0;
  for (const m of plain.matchAll(re)) {
    const at = m.index;
    const end = at + m[0].length;
    copy(last, at);
    const rep = replace(m);
    if (rep === m[0]) copy(at, end);
    else emit(rep, valueAt.slice(at, end).some(Boolean));
    last = end;
  }
  copy(last, plain.length);
  return joinSegments(out);
}
