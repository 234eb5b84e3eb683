// Columns a string takes in a terminal: CJK and emoji take two, combining marks none. Tables
// pad by this, not by .length, so a ticket or user name in Japanese keeps the columns aligned.
import stringWidth from 'string-width';

/** Terminal columns of `s`; plain ASCII is counted without loading Unicode tables. */
export function widthOf(s: string): number {
  return /^[\x20-\x7e]*$/.test(s) ? s.length : stringWidth(s);
}

/** `s` padded with spaces to `width` columns. */
export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - widthOf(s)));
}
