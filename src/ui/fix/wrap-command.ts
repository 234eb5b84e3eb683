// A command laid out for a box of a given width: it breaks only between words, never inside
// a quoted string, and every line but the last ends with the shell's own continuation mark
// (PowerShell's backtick, cmd's caret, bash's backslash), so what is copied off the screen
// still runs. Terminal wrapping would cut a quoted path in two. Pure.
import type { Shell } from '../../tree/types.js';

/** The continuation mark of each shell; shells that are not typed (GUI, registry) get none. */
const MARK: Record<Shell, string | undefined> = {
  powershell: '`',
  ems: '`',
  cmd: '^',
  appcmd: '^',
  bash: '\\',
  registry: undefined,
  gui: undefined,
};

/** Continuation lines are indented by this much. */
const INDENT = '  ';

/** Splits one line of a command into words; a quoted string (with its spaces) is one word. */
export function commandWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      word += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word += ch;
    } else if (ch === ' ' || ch === '\t') {
      if (word) words.push(word);
      word = '';
    } else word += ch;
  }
  if (word) words.push(word);
  return words;
}

/**
 * Shells where a line that ends with a comma goes on by itself: in PowerShell an array
 * (`fl Identity,DeviceId,...`) is not finished after a comma, so no mark is needed there.
 */
const COMMA_CONTINUES: ReadonlySet<Shell> = new Set(['powershell', 'ems']);

/**
 * A word too long for a line, cut after its commas where the shell goes on after one (an
 * unquoted property list); any other word stays whole.
 */
function pieces(word: string, max: number, shell: Shell): string[] {
  if (word.length <= max || !COMMA_CONTINUES.has(shell) || /["'`]/.test(word) || !word.includes(',')) return [word];
  const out: string[] = [];
  let piece = '';
  for (const part of word.split(/(?<=,)/)) {
    if (piece && piece.length + part.length > max) {
      out.push(piece);
      piece = part;
    } else piece += part;
  }
  out.push(piece);
  return out;
}

/**
 * The screen lines of a command for `width` columns. A word longer than a whole line stands on
 * a line of its own (the terminal then has to cut it), unless it is a PowerShell list that can
 * break after a comma; everything else breaks between words.
 */
export function wrapCommand(code: string, width: number, shell: Shell): string[] {
  const mark = MARK[shell];
  const out: string[] = [];
  for (const source of code.split('\n')) {
    if (source.length <= width || !mark) {
      out.push(source);
      continue;
    }
    const lead = /^\s*/.exec(source)![0];
    const words = commandWords(source);
    let line = lead;
    // Room left for the " `" that ends a continued line.
    const room = width - mark.length - 1;
    for (const word of words) {
      for (const [k, piece] of pieces(word, room - lead.length - INDENT.length, shell).entries()) {
        // The pieces of one word follow each other without a space; a line that ends with
        // one ends with a comma, where the shell goes on by itself.
        const glued = k > 0;
        const candidate = !line.trim() ? `${line}${piece}` : glued ? `${line}${piece}` : `${line} ${piece}`;
        if (candidate.length <= room || !line.trim()) line = candidate;
        else {
          out.push(glued ? line : `${line} ${mark}`);
          // A piece that fits a line only without the continuation indent loses the indent, or
          // the mark after it would be pushed past the edge onto a line of its own. (A piece
          // too long either way keeps the indent: the terminal cuts it regardless.)
          const indented = `${lead}${INDENT}${piece}`;
          line = indented.length > room && lead.length + piece.length <= room ? `${lead}${piece}` : indented;
        }
      }
    }
    // The last line needs no mark, so it may use the whole width.
    out.push(line);
  }
  return out;
}
