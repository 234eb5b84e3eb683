// Lines copied from web pages and forums: wrapped across several lines, wrapped in Markdown
// emphasis (`_..._`), with `\_` for `_` and `&amp;` for `&` (seed 002 has all of these).

/** Undoes copy-and-paste damage to one physical line; returns '' for a blank one. */
export function cleanPasted(line: string): string {
  let s = line.trim();
  let start = 0;
  let end = s.length;
  while (start < end && isMarker(s.charCodeAt(start))) start++;
  while (end > start && isMarker(s.charCodeAt(end - 1)) && s.charCodeAt(end - 2) !== 92 /* \ */) end--;
  s = s.slice(start, end);
  if (s.includes('\\')) s = s.replace(/\\([_*`\\[\]])/g, '$1');
  if (s.includes('&amp;')) s = s.replace(/&amp;/g, '&');
  return s.replace(/\s+/g, ' ').trim();
}

/** Markdown emphasis, quote and code markers that wrap pasted lines: _ * > ` */
function isMarker(c: number): boolean {
  return c === 95 || c === 42 || c === 62 || c === 96;
}

/** Whether a line starts with a W3C date (`2011-05-06`). */
export function startsWithDate(s: string): boolean {
  if (s.length < 10) return false;
  for (let i = 0; i < 10; i++) {
    const c = s.charCodeAt(i);
    if (i === 4 || i === 7 ? c !== 45 : c < 48 || c > 57) return false;
  }
  return true;
}

/** Fields on a (cleaned) line. */
export function fieldCount(s: string): number {
  let n = 1;
  for (let i = s.indexOf(' '); i >= 0; i = s.indexOf(' ', i + 1)) n++;
  return n;
}
