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
 * The screen lines of a command for `width` columns. A word longer than a whole line stands on
 * a line of its own (the terminal then has to cut it); everything else breaks between words.
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
      const candidate = line.trim() ? `${line} ${word}` : `${line}${word}`;
      if (candidate.length <= room || !line.trim()) line = candidate;
      else {
        out.push(`${line} ${mark}`);
        // A word that fits a line only without the continuation indent loses the indent, or
        // the mark after it would be pushed past the edge onto a line of its own.
        const indented = `${lead}${INDENT}${word}`;
        line = indented.length <= room ? indented : `${lead}${word}`;
      }
    }
    // The last line needs no mark, so it may use the whole width.
    out.push(line);
  }
  return out;
}
