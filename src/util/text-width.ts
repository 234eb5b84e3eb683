// Columns a string takes in a terminal: CJK and emoji take two, combining marks none. Tables
// pad by this, not by .length, so a ticket or user name in Japanese keeps the columns aligned.
import stringWidth from 'string-width';

/**
 * Longest text string-width measures in one call. Its time grows with the square of the
 * length of text that is not all ASCII (64k characters: 8 s), so a device id of 70,000
 * characters in an IIS log hung `log` for minutes (found by the fuzz suite). Longer text is
 * measured a run at a time: ASCII runs by their length, the rest in pieces of this size.
 */
const MAX_MEASURED = 256;

/** Terminal columns of `s`; plain ASCII is counted without loading Unicode tables. */
export function widthOf(s: string): number {
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  if (s.length <= MAX_MEASURED) return stringWidth(s);
  let width = 0;
  // An ASCII character before other text stays with it: a keycap (1 U+FE0F U+20E3) is one cluster.
  for (const [run] of s.matchAll(/[\x20-\x7e]+(?![^\x20-\x7e])|[\x20-\x7e]?[^\x20-\x7e]+/g)) {
    if (/^[\x20-\x7e]+$/.test(run)) {
      width += run.length;
      continue;
    }
    for (let i = 0; i < run.length; ) {
      let end = Math.min(run.length, i + MAX_MEASURED);
      // Never cut a surrogate pair in half.
      if (end < run.length && /[\ud800-\udbff]/.test(run.charAt(end - 1))) end -= 1;
      width += stringWidth(run.slice(i, end));
      i = end;
    }
  }
  return width;
}

/** `s` padded with spaces to `width` columns. */
export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - widthOf(s)));
}
