// Reads typed values out of a yaml Document, reporting every problem with the position of
// the YAML node it concerns (from the node's range and the LineCounter, never a text search).
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import { suggest } from '../util/suggest.js';
import type { DiagnosticBag, DiagnosticCode, Severity } from './diagnostics.js';
import type { Pos } from './types.js';

/** A map entry with its key's position. */
export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | null;
}

export class YamlReader {
  constructor(
    readonly file: string,
    readonly doc: Document,
    readonly lines: LineCounter,
    readonly diag: DiagnosticBag,
  ) {}

  /** The position where a node starts (or the document start for a missing node). */
  pos(node: Node | null | undefined, fallback?: Node | null): Pos {
    const offset = node?.range?.[0] ?? fallback?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** Length of a node's source text on its first line, for the caret. */
  span(node: Node | null | undefined): number {
    if (!node?.range) return 1;
    const [start, end] = node.range;
    return Math.max(1, end - start);
  }

  report(code: DiagnosticCode, node: Node | null | undefined, message: string, hint?: string, severity: Severity = 'error', fallback?: Node | null): void {
    const p = this.pos(node, fallback);
    this.diag.add({ code, severity, file: this.file, line: p.line, column: p.column, length: isScalar(node) ? this.span(node) : 1, message, hint });
  }

  /** Follows an alias to the node it names. */
  deref(node: Node | null | undefined): Node | null {
    if (node && isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node ?? null;
  }

  /** Entries of a mapping; reports WRONG_TYPE if the node is not one. */
  entries(node: Node | null, what: string): Entry[] | undefined {
    const n = this.deref(node);
    if (!n || !isMap(n)) {
      this.report('WRONG_TYPE', node, `${what} must be a mapping (key: value lines)`, `write ${what} as indented "key: value" lines`);
      return undefined;
    }
    return (n as YAMLMap<Node, Node>).items.map((pair: Pair<Node, Node>) => {
      const keyNode = this.deref(pair.key);
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      return { key, keyNode: (pair.key ?? n) as Node, value: pair.value ?? null };
    });
  }

  /** Reports keys outside `allowed` with a "did you mean". */
  checkKeys(entries: Entry[], allowed: readonly string[], what: string): void {
    for (const e of entries) {
      if (allowed.includes(e.key)) continue;
      const guess = suggest(e.key, allowed);
      this.report(
        'UNKNOWN_KEY',
        e.keyNode,
        `unknown key "${e.key}" in ${what}`,
        guess ? `did you mean "${guess}"?` : `allowed keys: ${allowed.join(', ')}`,
      );
    }
  }

  /** A string value (numbers and booleans are accepted as their text). */
  str(node: Node | null, what: string): string | undefined {
    const n = this.deref(node);
    if (n && isScalar(n) && n.value !== null && typeof n.value !== 'object') {
      const text = String(n.value);
      if (text.trim() === '') {
        this.report('BAD_VALUE', node, `${what} is empty`, `write the ${what}`);
        return undefined;
      }
      return text;
    }
    this.report('WRONG_TYPE', node, `${what} must be text`, n && isScalar(n) && n.value === null ? `write the ${what} after the colon` : `write ${what} as a single line of text`);
    return undefined;
  }

  int(node: Node | null, what: string): number | undefined {
    const n = this.deref(node);
    if (n && isScalar(n) && typeof n.value === 'number' && Number.isInteger(n.value) && n.value >= 1) return n.value;
    this.report('WRONG_TYPE', node, `${what} must be a whole number of at least 1`, `for example: ${what}: 1`);
    return undefined;
  }

  bool(node: Node | null, what: string): boolean | undefined {
    const n = this.deref(node);
    if (n && isScalar(n) && typeof n.value === 'boolean') return n.value;
    this.report('WRONG_TYPE', node, `${what} must be true or false`);
    return undefined;
  }

  /** A scalar of any type (string, number, boolean). */
  scalar(node: Node | null, what: string): string | number | boolean | undefined {
    const n = this.deref(node);
    if (n && isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number' || typeof n.value === 'boolean')) return n.value;
    this.report('WRONG_TYPE', node, `${what} must be text, a number or true/false`);
    return undefined;
  }

  /** Items of a sequence; a single scalar is not accepted. */
  items(node: Node | null, what: string): Node[] | undefined {
    const n = this.deref(node);
    if (n && isSeq(n)) return n.items as Node[];
    this.report('WRONG_TYPE', node, `${what} must be a list`, `write ${what}: [first, second] or one "- item" per line`);
    return undefined;
  }

  strList(node: Node | null, what: string): string[] {
    const list = this.items(node, what);
    if (!list) return [];
    return list.map((item) => this.str(item, `an entry of ${what}`)).filter((s): s is string => s !== undefined);
  }

  /** Where inside a scalar's source a substring starts; falls back to the scalar's start. */
  posWithin(node: Node | null, needle: string, source: string): Pos {
    const n = this.deref(node);
    if (n?.range) {
      const at = source.slice(n.range[0], n.range[1]).indexOf(needle);
      if (at >= 0) {
        const { line, col } = this.lines.linePos(n.range[0] + at);
        return { file: this.file, line, column: col };
      }
    }
    return this.pos(node);
  }
}

/**
 * How many nodes the document holds once every alias is expanded, stopping at `limit`.
 * A few anchors that each repeat the one before ("billion laughs") explode here, not later.
 */
export function expandedSize(doc: Document, limit: number): number {
  const memo = new Map<Node, number>();
  const visit = (node: unknown, depth: number): number => {
    if (depth > 200) return limit;
    if (!node || typeof node !== 'object') return 1;
    const n = node as Node;
    if (isAlias(n)) {
      const target = n.resolve(doc) as Node | undefined;
      return target ? visit(target, depth + 1) : 1;
    }
    const known = memo.get(n);
    if (known !== undefined) return known;
    memo.set(n, limit); // a node met again while being measured is a cycle: count it as too big
    let size = 1;
    if (isMap(n) || isSeq(n)) {
      for (const item of n.items as unknown[]) {
        if (item && typeof item === 'object' && 'key' in item) {
          const pair = item as Pair;
          size += visit(pair.key, depth + 1) + visit(pair.value, depth + 1);
        } else {
          size += visit(item, depth + 1);
        }
        if (size >= limit) break;
      }
    }
    size = Math.min(size, limit);
    memo.set(n, size);
    return size;
  };
  return visit(doc.contents, 0);
}
