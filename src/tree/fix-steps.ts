// Fix steps as every reader lays them out: the numbered list, where an `either:` step is one
// number whose alternatives read "Either (A)" / "Or (B)", and the parts of a command that the
// engineer replaces by hand. Pure; shared by the wizard, scripted runs, transcripts and the
// copied-commands file so they all number and label a fix the same way.
import type { Shell } from './types.js';

/** A step as shown: placeholders filled, positions dropped. */
export interface ShownStep {
  text: string;
  run?: { shell: Shell; code: string };
  replace?: Array<{ token: string; means: string }>;
  either?: ShownStep[][];
}

/** A step with its texts passed through `f` (placeholders filled), alternatives included. */
export function showStep(s: ShownStep, f: (text: string) => string): ShownStep {
  return {
    text: f(s.text),
    ...(s.run ? { run: { shell: s.run.shell, code: f(s.run.code) } } : {}),
    ...(s.replace?.length ? { replace: s.replace.map((r) => ({ token: r.token, means: f(r.means) })) } : {}),
    ...(s.either ? { either: s.either.map((alt) => alt.map((x) => showStep(x, f))) } : {}),
  };
}

/** One line of a fix's step list. */
export type StepLine =
  /** A plain step: `3.` */
  | { kind: 'step'; number: number; step: ShownStep }
  /** The head of an `either:` step: `3. TEXT (choose ONE)`. */
  | { kind: 'choice'; number: number; text: string; letters: string[] }
  /**
   * A step of one alternative. `label` reads "Either (A)" or "Or (B)" on an alternative's first
   * step and "then (B)" on the ones after it.
   */
  | { kind: 'option'; number: number; letter: string; first: boolean; label: string; step: ShownStep };

/** What an `either:` step without text says. */
export const CHOICE_TEXT = 'Do one of the following';

/** The steps in reading order, numbered; an `either:` step counts as one number. */
export function layoutSteps(steps: readonly ShownStep[]): StepLine[] {
  const out: StepLine[] = [];
  steps.forEach((step, i) => {
    const number = i + 1;
    if (!step.either) {
      out.push({ kind: 'step', number, step });
      return;
    }
    const letters = step.either.map((_, k) => letter(k));
    out.push({ kind: 'choice', number, text: step.text || CHOICE_TEXT, letters });
    step.either.forEach((alt, k) => {
      const l = letters[k]!;
      alt.forEach((s, j) => out.push({ kind: 'option', number, letter: l, first: j === 0, label: j > 0 ? `then (${l})` : k === 0 ? `Either (${l})` : `Or (${l})`, step: s }));
    });
  });
  return out;
}

/** A, B, ... Z, then AA, AB (no fix offers that many, but the label stays unique). */
export function letter(k: number): string {
  return k < 26 ? String.fromCharCode(65 + k) : letter(Math.floor(k / 26) - 1) + letter(k % 26);
}

/** "A or B", "A, B or C". */
export function anyOf(letters: readonly string[]): string {
  return letters.length > 2 ? `${letters.slice(0, -1).join(', ')} or ${letters.at(-1)}` : letters.join(' or ');
}

/** "(choose ONE: A or B)". */
export function choiceNote(letters: readonly string[]): string {
  return `(choose ONE: ${anyOf(letters)})`;
}

/** "Replace SITE with: the web site name". */
export function replaceLine(r: { token: string; means: string }): string {
  return `Replace ${r.token} with: ${r.means}`;
}

const WORD = /[A-Za-z0-9_]/;

/**
 * Where `token` stands in `code` as a whole: an edge of the token that is a letter, digit or
 * underscore must not touch another one (SITE is not found inside WEBSITE or SITES).
 */
export function tokenSpans(code: string, token: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (!token) return spans;
  const checkStart = WORD.test(token[0]!);
  const checkEnd = WORD.test(token[token.length - 1]!);
  for (let at = code.indexOf(token); at >= 0; at = code.indexOf(token, at + 1)) {
    const end = at + token.length;
    if (checkStart && at > 0 && WORD.test(code[at - 1]!)) continue;
    if (checkEnd && end < code.length && WORD.test(code[end]!)) continue;
    spans.push([at, end]);
    at = end - 1;
  }
  return spans;
}

/** A line of a command cut into plain text and tokens to replace, for highlighting. */
export function splitTokens(line: string, tokens: readonly string[]): Array<{ text: string; token: boolean }> {
  const spans = tokens.flatMap((t) => tokenSpans(line, t)).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const parts: Array<{ text: string; token: boolean }> = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    if (start > at) parts.push({ text: line.slice(at, start), token: false });
    parts.push({ text: line.slice(start, end), token: true });
    at = end;
  }
  if (at < line.length || parts.length === 0) parts.push({ text: line.slice(at), token: false });
  return parts;
}
