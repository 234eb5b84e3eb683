// What no output of eas-doctor may ever hold, whatever its input: a stack trace, a raw
// control character (with colours off), an exit code outside the README's table.

/** A stack frame, a JS engine error name, Node's internals: signs that an error escaped. */
const STACK = [/^\s+at .*(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m, /\b(?:TypeError|RangeError|ReferenceError|InternalError)\b/, /node:internal/, /Maximum call stack/, /\[object Object\]/, /\bundefined is not\b|\bis not a function\b|Cannot read properties of/];

/** C0 controls but tab and line feed, DEL, C1 controls, and the bidi controls safeText escapes. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/;

/** What is wrong with one command's output, or nothing. */
export function outputProblems(name: string, text: string): string[] {
  const problems: string[] = [];
  for (const re of STACK) {
    const m = re.exec(text);
    if (m) problems.push(`${name} shows an escaped error (${re.source.slice(0, 30)}): ${JSON.stringify(text.slice(Math.max(0, m.index - 200), m.index + 200))}`);
  }
  const raw = RAW.exec(text);
  if (raw) problems.push(`${name} holds a raw U+${raw[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, raw.index - 60), raw.index + 30))}`);
  return problems;
}

/** The exit codes README's table documents (130 is Ctrl-C, which no fuzz case sends). */
export const DOCUMENTED_EXITS = [0, 1, 2] as const;

export function exitProblems(code: number | null, allowed: readonly number[] = DOCUMENTED_EXITS): string[] {
  return code !== null && allowed.includes(code) ? [] : [`exit code ${String(code)} (expected one of ${allowed.join(', ')}; null means killed at the time bound)`];
}
