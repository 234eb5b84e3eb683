// Diagnostics are data: a code, a severity, a position taken from the YAML node's range,
// a message naming the thing, and a hint saying how to fix it. Printing is separate.

import { clipEchoes, safeText } from '../util/safe-text.js';
import { compareText } from '../util/compare.js';

/** Every diagnostic code the loader and validator emit. */
export const DIAGNOSTIC_CODES = {
  YAML_SYNTAX: 'the file is not valid YAML',
  DUPLICATE_KEY: 'a key appears twice in one mapping (two nodes with one id, say)',
  FILE_TOO_LARGE: 'the file is larger than a tree can be (1 MiB)',
  EMPTY_FILE: 'the file holds nothing',
  BINARY_FILE: 'the file is not UTF-8 text',
  ALIAS_BOMB: 'YAML aliases expand to far more nodes than the file holds',
  UNKNOWN_TAG: 'a YAML tag the loader does not know (!!js/function, !!python/...): read as plain text (warning)',
  WRONG_TYPE: 'a value has the wrong type (a list where text belongs, say)',
  BAD_VALUE: 'a value is not one of the allowed ones, or not well formed',
  UNKNOWN_KEY: 'a key the tree language does not have (often a misspelling)',
  MISSING_KEY: 'a required key is missing',
  BAD_ID: 'an id that is not kebab-case',
  ID_FILE_MISMATCH: 'the tree id differs from the file name',
  DUPLICATE_TREE: 'two files define the same tree id',
  RESERVED_ID: 'a node is called "start" (targets use it for a tree\'s start node), or an answer "unknown" (kept for "I don\'t know")',
  NODE_KIND: 'a node is not exactly one of question, fix or escalate',
  UNKNOWN_START: 'start names a node the tree does not have',
  UNKNOWN_TARGET: 'an answer or `unresolved` leads to a node that does not exist',
  UNKNOWN_TREE: 'a target names a tree that is not loaded',
  ANSWER_WITHOUT_TARGET: 'an answer does not say where it leads',
  UNKNOWN_SOURCE: 'a fix cites a source id that sources.yaml does not register',
  UNKNOWN_PROBE: 'a question uses a probe that does not exist, or a test stubs one',
  UNKNOWN_CLASSIFICATION: 'a probe map or a test stub names a classification the probe never returns',
  UNUSED_STUB: 'a test stubs a probe that no question on its walk uses',
  UNKNOWN_ANSWER: 'a probe map or test names an answer the question does not have',
  UNKNOWN_PARAM: 'a probe parameter the probe does not take',
  MISSING_PARAM: 'a required probe parameter is not given',
  BAD_PARAM: 'a probe parameter of the wrong type',
  UNKNOWN_INPUT: 'a {{placeholder}} names no input of the tree',
  UNUSED_REPLACE: "a step's `replace:` names text that its command does not hold",
  DEAD_END: 'a question with no answers: the walk would stop there',
  NO_WAY_OUT: 'nodes that lead only to each other: no fix or escalation can be reached',
  ROUTE_CYCLE: 'answers (an "I don\'t know", a fix\'s `unresolved`) lead back to a node the walk has already been through, across trees too (warning)',
  UNREACHABLE: 'a node no walk can reach (warning)',
  UNUSED_INPUT: 'an input no node uses (warning)',
  INPUT_CONFLICT: 'two trees declare one input name with different formats; a session asks it once (warning)',
  INPUT_DIFFERS: 'two trees define one input name with a different ask, example, help or optional; a session asks it once, with one of them (warning)',
  NO_UNKNOWN_ROUTE: 'a question that does not say where "I don\'t know" leads (`unknown:`) (warning)',
  FIX_INCOMPLETE: 'a fix without cause, sources or `unresolved` (warning)',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = 'error' | 'warning';

/** One problem, positioned. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** How many characters the caret underlines. @default 1 */
  length?: number;
  message: string;
  hint?: string;
  /**
   * Other files the problem runs through (a ROUTE_CYCLE's circle): `validate PATH` shows it
   * when any of them is under PATH, not only when its position is.
   */
  through?: string[];
  /** Other places the problem involves (the first tree's definition of an input), each with what it is. */
  related?: Array<{ file: string; line: number; column: number; note: string }>;
}

/** Collects diagnostics; nothing throws at the first problem. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push({ ...d, message: clipEchoes(d.message), ...(d.hint !== undefined ? { hint: clipEchoes(d.hint) } : {}) });
  }

  get errorCount(): number {
    return this.items.filter((d) => d.severity === 'error').length;
  }

  get warningCount(): number {
    return this.items.filter((d) => d.severity === 'warning').length;
  }

  /** Sorted by file, line, column: the order a reader goes through the files. */
  sorted(): Diagnostic[] {
    return [...this.items].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.code, b.code));
  }
}

/**
 * The last source split into lines. Diagnostics are printed file by file: splitting a 1 MiB
 * file again for each of its 28,000 diagnostics took `validate` minutes (found by fuzzing).
 */
let split: { source: string; lines: string[] } | undefined;

function sourceLine(source: string, line: number): string | undefined {
  if (split?.source !== source) split = { source, lines: source.split(/\r?\n/) };
  return split.lines[line - 1];
}

/**
 * Formats one diagnostic as `file:line:column: error CODE message`, the offending line with a
 * caret under the spot, and the hint.
 */
export function formatDiagnostic(d: Diagnostic, source?: string, color = false): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const sev = d.severity === 'error' ? paint('31;1', 'error') : paint('33;1', 'warning');
  // File names, messages and source lines come from tree files anyone can pass with --trees.
  const lines = [`${safeText(d.file)}:${d.line}:${d.column}: ${sev} ${d.code} ${safeText(d.message, { newlines: true })}`];
  const raw = source === undefined ? undefined : sourceLine(source, d.line);
  const text = raw === undefined ? undefined : safeText(raw, { tabs: true });
  if (text !== undefined) {
    const gutter = String(d.line).padStart(4) + ' | ';
    const shown = text.length > 160 ? text.slice(0, 160) + '…' : text;
    lines.push(gutter + shown);
    const caretAt = Math.min(d.column - 1, shown.length);
    const width = Math.max(1, Math.min(d.length ?? 1, shown.length - caretAt));
    lines.push(' '.repeat(gutter.length - 2) + '| ' + ' '.repeat(caretAt) + paint('32;1', '^'.repeat(width)));
  }
  if (d.hint) lines.push(`  hint: ${safeText(d.hint, { newlines: true })}`);
  if (d.through?.length) lines.push(`  through: ${d.through.map((f) => safeText(f)).join(', ')}`);
  for (const r of d.related ?? []) lines.push(`  ${safeText(r.note)}: ${safeText(r.file)}:${r.line}:${r.column}`);
  return lines.join('\n');
}
