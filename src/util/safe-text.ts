// Untrusted text (from servers, logs, journals, files, typed input) made safe for a terminal.
//
// A terminal obeys the control characters in what it prints: ESC starts sequences that retitle
// the window, clear the screen, colour text or plant OSC 8 hyperlinks; BEL rings; CR and BS
// overwrite what is already shown; C1 controls (U+0080-U+009F) are single-byte CSI/OSC on some
// terminals; bidi overrides and isolates reorder what follows so a line reads differently from
// what it holds ("Trojan Source"). Every such character is shown as a visible escape instead
// (`\x1b`, `\u202e`), so the text stays readable and can be quoted back exactly.
//
// A backslash is left as it is: IIS user names ("CONTOSO\alice") and Windows paths must read
// naturally, and an escape we write can never be turned back into a control by the terminal.

/** Which layout characters the caller allows through. */
export interface SafeTextOptions {
  /** Keep line feeds (CR LF becomes LF; a lone CR is still escaped). @default false */
  newlines?: boolean;
  /** Keep horizontal tabs. @default false */
  tabs?: boolean;
}

// C0 controls, DEL and C1 controls; the Arabic letter mark, LRM/RLM; the line and paragraph
// separators (some terminals break lines on them); bidi embeddings/overrides (U+202A-U+202E) and
// isolates (U+2066-U+2069); the byte order mark / zero-width no-break space; interlinear
// annotation controls. Zero-width joiners stay: emoji need them and they cannot reorder text.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
const UNSAFE_TEST = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** The visible escape for one unsafe character: `\t`, `\n`, `\r`, `\xNN` below U+0100, else `\uNNNN`. */
function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Untrusted text with every terminal control, C1 control and bidi control shown as a visible
 * escape (`\x1b`, `\u202e`). Line feeds and tabs are escaped too unless the caller allows them.
 */
export function safeText(s: string, opts: SafeTextOptions = {}): string {
  if (typeof s !== 'string') s = String(s);
  if (!UNSAFE_TEST.test(s)) return s;
  const text = opts.newlines ? s.replace(/\r\n/g, '\n') : s;
  return text.replace(UNSAFE, (ch) => ((ch === '\n' && opts.newlines) || (ch === '\t' && opts.tabs) ? ch : escapeChar(ch)));
}

/** True when `s` holds nothing `safeText` would change (layout characters allowed as in `opts`). */
export function isSafeText(s: string, opts: SafeTextOptions = {}): boolean {
  return safeText(s, opts) === s;
}

/**
 * At most `max` characters of untrusted text for a message that echoes input back (an answers
 * file line, a log line, a header), made safe, with how much was left out. A 50 MB line must not
 * come back as 50 MB.
 */
export function clipText(s: string, max = 200, opts: SafeTextOptions = {}): string {
  if (s.length <= max) return safeText(s, opts);
  // Never cut a surrogate pair in half.
  const end = /[\ud800-\udbff]/.test(s.charAt(max - 1)) ? max - 1 : max;
  return `${safeText(s.slice(0, end), opts)}... (${s.length - end} more characters)`;
}

// JSON.stringify escapes C0 controls but not DEL, C1 or bidi controls: a JSON report piped to a
// terminal (`| less -R`, `cat`) would still carry them raw. Same set as UNSAFE, as JSON escapes.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/** `JSON.stringify(value, null, 2)` with DEL, C1 and bidi controls escaped as `\uXXXX` too: still valid JSON. */
export function safeJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, null, indent) ?? 'null';
  return text.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The longest quoted value a message repeats back. */
export const MAX_ECHO = 120;
const LONG_QUOTE = new RegExp(`"([^"]{${MAX_ECHO + 1},})"`, 'g');

/**
 * A message with every quoted value longer than MAX_ECHO cut, saying how much was left out:
 * messages quote what the file says (`probe "…"`), and a 900 KB value must not come back whole.
 */
export function clipEchoes(message: string): string {
  if (message.length <= MAX_ECHO) return message;
  return message.replace(LONG_QUOTE, (_, v: string) => `"${v.slice(0, MAX_ECHO - 20)}…" (${v.length} characters)`);
}
