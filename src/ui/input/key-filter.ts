// What reaches Ink's input parser: only keys it knows. Ink 6's parseKeypress turns an escape
// sequence it has no name for but with a modifier (Ctrl+F1 `ESC [1;5P`, `ESC [1;5I`, a pasted
// colour `ESC [31m`) into a key with ctrl set and no name, and its useInput then throws a
// TypeError out of the stdin handler: the wizard dies with a stack trace. So every escape
// sequence is checked against the names Ink knows before Ink sees it; the rest is dropped.
// Bracketed paste (`ESC [200~ ... ESC [201~`) becomes plain text (its line breaks as spaces,
// so a paste never presses Enter), and focus reports (`ESC [I`, `ESC [O`) go.

const ESC = '\u001b';

/** The CSI / SS3 codes (ESC stripped, modifiers left out) Ink's parseKeypress has a name for. */
const KNOWN = new Set([
  'OP', 'OQ', 'OR', 'OS', '[11~', '[12~', '[13~', '[14~', '[[A', '[[B', '[[C', '[[D', '[[E',
  '[15~', '[17~', '[18~', '[19~', '[20~', '[21~', '[23~', '[24~',
  '[A', '[B', '[C', '[D', '[E', '[F', '[H', 'OA', 'OB', 'OC', 'OD', 'OE', 'OF', 'OH',
  '[1~', '[2~', '[3~', '[4~', '[5~', '[6~', '[[5~', '[[6~', '[7~', '[8~',
  '[a', '[b', '[c', '[d', '[e', '[2$', '[3$', '[5$', '[6$', '[7$', '[8$',
  'Oa', 'Ob', 'Oc', 'Od', 'Oe', '[2^', '[3^', '[5^', '[6^', '[7^', '[8^', '[Z',
]);

// Ink's own reading of a function-key sequence (parse-keypress.js, fnKeyRe), to get the code
// it will look up: `ESC [1;5A` -> "[A", `ESC [15;2~` -> "[15~".
const FN_KEY = /^(?:\x1b+)(O|N|\[|\[\[)(?:(\d+)(?:;(\d+))?([~^$])|(?:1;)?(\d+)?([a-zA-Z]))/;

/** Whether Ink names this whole escape sequence (so it cannot reach its nameless-ctrl crash). */
export function inkKnows(sequence: string): boolean {
  const m = FN_KEY.exec(sequence);
  if (!m || m[0].length !== sequence.length) return false;
  const code = [m[1], m[2], m[4], m[6]].filter(Boolean).join('');
  return KNOWN.has(code);
}

type Token = { kind: 'text' | 'key' | 'drop' | 'paste-start' | 'paste-end'; text: string };

/**
 * The escape sequence starting at `i` (input[i] is ESC): its end, or 'pending' when the input
 * stops inside it. Covers CSI, SS3, OSC/DCS/SOS/PM/APC strings (ended by BEL or ST), and
 * ESC + one character.
 */
function sequenceEnd(input: string, i: number): number | 'pending' {
  const kind = input[i + 1];
  if (kind === undefined) return 'pending';
  if (kind === '[') {
    let j = i + 2;
    if (input[j] === '[') j++; // Ink's legacy ESC [[A form
    for (; j < input.length; j++) {
      const c = input.charCodeAt(j);
      if (c >= 0x20 && c <= 0x3f) continue;
      return j + 1; // the final byte (or anything else ends it: never run on forever)
    }
    return 'pending';
  }
  if (kind === 'O') return i + 2 < input.length ? i + 3 : 'pending';
  if (kind === ']' || kind === 'P' || kind === 'X' || kind === '^' || kind === '_') {
    for (let j = i + 2; j < input.length; j++) {
      if (input[j] === '\u0007') return j + 1;
      if (input[j] === ESC) return input[j + 1] === undefined ? 'pending' : input[j + 1] === '\\' ? j + 2 : j;
    }
    return 'pending';
  }
  if (kind === ESC) {
    const inner = sequenceEnd(input, i + 1);
    return inner;
  }
  const cp = input.codePointAt(i + 1)!;
  return i + 1 + (cp > 0xffff ? 2 : 1);
}

function classify(seq: string): Token {
  if (seq === `${ESC}[200~`) return { kind: 'paste-start', text: '' };
  if (seq === `${ESC}[201~`) return { kind: 'paste-end', text: '' };
  const second = seq[1];
  const body = second === ESC ? seq.slice(1) : seq;
  const intro = body[1];
  if (intro === '[' || intro === 'O') return inkKnows(body) ? { kind: 'key', text: seq } : { kind: 'drop', text: seq };
  if (intro === ']' || intro === 'P' || intro === 'X' || intro === '^' || intro === '_') return { kind: 'drop', text: seq };
  // ESC + a character: Alt+key, or ESC ESC. Ink names both.
  return { kind: 'key', text: seq };
}

/** A stateful filter: push raw terminal input, get what Ink may see. */
export interface KeyFilter {
  /** Filters a chunk; an unfinished escape sequence at its end is held for the next chunk. */
  push(chunk: string): string;
  /** What is held: a lone ESC (the Escape key) is released by `flush` when no more input comes. */
  pending(): string;
  /** Releases a held lone ESC or ESC ESC (the Escape key); drops any other unfinished sequence. */
  flush(): string;
}

// C1 controls never come from a keyboard; in a text field they would be text a terminal obeys.
const C1 = /[\u0080-\u009f]/g;
// Inside a paste every control but a tab is dropped, line breaks become spaces.
const PASTE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function createKeyFilter(): KeyFilter {
  let held = '';
  let pasting = false;
  const clean = (text: string) => (pasting ? text.replace(/\r\n|\r|\n/g, ' ').replace(PASTE_CONTROLS, '') : text.replace(C1, ''));
  return {
    push(chunk: string): string {
      const input = held + chunk;
      held = '';
      let out = '';
      let i = 0;
      while (i < input.length) {
        const esc = input.indexOf(ESC, i);
        if (esc === -1) {
          out += clean(input.slice(i));
          break;
        }
        out += clean(input.slice(i, esc));
        const end = sequenceEnd(input, esc);
        if (end === 'pending') {
          held = input.slice(esc);
          // A paste can hold anything: never hold more than a sequence's worth.
          if (held.length > 64) held = '';
          break;
        }
        const token = classify(input.slice(esc, end));
        if (token.kind === 'paste-start') pasting = true;
        else if (token.kind === 'paste-end') pasting = false;
        else if (token.kind === 'key' && !pasting) out += token.text;
        i = end;
      }
      return out;
    },
    pending: () => held,
    flush(): string {
      const h = held;
      held = '';
      return h === ESC || h === ESC + ESC ? h : '';
    },
  };
}
