// Text in a Markdown transcript. The tree author's text is Markdown as written; everything else
// (server messages, notes, tickets, typed values substituted into the author's text) is made
// inert: one line, controls as visible escapes, Markdown punctuation and inline HTML escaped,
// and inside code spans and fences, delimiters the text cannot close.
import { safeText } from '../util/safe-text.js';
import { segments, unmark } from './marks.js';

/**
 * Untrusted text as inert Markdown: one line, controls as visible escapes, Markdown punctuation
 * and inline HTML escaped, so it cannot start a heading, list or quote, open a fence or a code
 * span, or become a tag where a ticket system renders HTML.
 */
export function md(s: string): string {
  return (
    safeText(unmark(s))
      .replace(/[\\`*_~[\]|]/g, (c) => `\\${c}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      // What would open a block at the start of a line: leading spaces (an indented code
      // block), `#`, `>`, `+`, `-`, `=`, and the `.` or `)` of `1.` / `1)`.
      .replace(/^ +/, (sp) => '&#32;'.repeat(sp.length))
      .replace(/^([#>+=-])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

/** The longest run of backticks in `s`. */
const longestTicks = (s: string) => Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));

/** A code span around `code` that nothing inside it can close. */
export function codeSpan(code: string): string {
  const ticks = '`'.repeat(longestTicks(code) + 1);
  // A span that starts or ends with a backtick needs a space between it and the delimiter;
  // CommonMark strips one space from each side again.
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${code}${pad}${ticks}`;
}

/** A fenced code block that no line of `code` can close early. */
export function fence(code: string, lang: string): string {
  const ticks = '`'.repeat(Math.max(3, longestTicks(code) + 1));
  return `${ticks}${lang}\n${code}\n${ticks}`;
}

/** Marked code (a fix step's command): the author's lines as written, each typed value on one line. */
export const codeText = (s: string) => segments(s).map((p) => safeText(p.text, p.value ? {} : { newlines: true, tabs: true })).join('');

// Stands for a value while the author's text is scanned for code spans.
const SLOT = '\ufdd2';

/**
 * Author text with typed values in it (marks.ts): the author's Markdown as written (controls
 * shown as escapes, `<` outside code as text), each value escaped for where it stands. A value in running text is `md()`;
 * a value inside one of the author's code spans (`` `Get-ADUser {{user}}` ``) is literal there,
 * so it is kept as typed (on one line) and the span gets delimiters longer than any backtick
 * run inside it, so the value cannot close it.
 */
export function mdAuthor(s: string): string {
  const parts = segments(s);
  const values: string[] = [];
  const text = parts.map((p) => (p.value ? (values.push(p.text), SLOT) : safeText(p.text.replaceAll(SLOT, '\ufffd'), { newlines: true }))).join('');
  let slot = 0;
  const fill = (chunk: string, inCode: boolean) => chunk.replace(/\ufdd2/g, () => (inCode ? safeText(values[slot++]!) : md(values[slot++]!)));
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    // A backslash escape outside code: `\`` is a literal backtick, not a delimiter. Before a
    // value (`CONTOSO\{{user}}`) the author's backslash is a literal one: it must not escape the
    // value's first character (`\!` shows `!`, `\&amp;` shows `&amp;`), so it is doubled.
    if (c === '\\' && i + 1 < text.length) {
      out += text[i + 1] === SLOT ? '\\\\' : text.slice(i, i + 2);
      i += text[i + 1] === SLOT ? 1 : 2;
      continue;
    }
    if (c === '`') {
      const n = /^`+/.exec(text.slice(i))![0].length;
      // CommonMark: the span closes at the next run of exactly as many backticks, or the run is literal.
      const closer = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g');
      closer.lastIndex = i + n;
      const m = closer.exec(text);
      if (!m) {
        out += text.slice(i, i + n);
        i += n;
        continue;
      }
      const content = text.slice(i + n, m.index);
      out += content.includes(SLOT) ? codeSpan(fill(content, true)) : text.slice(i, m.index + n);
      i = m.index + n;
      continue;
    }
    if (c === SLOT) out += fill(SLOT, false);
    // Tree text is shown in the terminal too, so it never meant HTML: a `<` outside code is
    // text (a tree from --trees cannot plant a tag, and `<DeviceId>` does not vanish as one).
    else out += c === '<' ? '&lt;' : c;
    i++;
  }
  return out;
}
