// Mutations of a tree file, as a careless author, a bad merge, a broken disk or an attacker
// would make them: structural ones through the YAML document (wrong types, unknown tags,
// unknown keys, routes to nowhere, prototype names, nesting, alias bombs) and textual ones on
// the text or its bytes (lines deleted, duplicated, swapped, re-indented; truncation; random
// bytes, control characters, bidi overrides; huge values). Each says what it did, and the
// structural ones what the loader must then report.
import { Scalar, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { DiagnosticCode } from '../../src/tree/diagnostics.js';
import { insertRandomBytes, truncateRandomly, type Rng } from './rng.js';

/** A mutated file: its bytes, the mutations applied, and what the loader must report. */
export interface Mutant {
  bytes: Uint8Array;
  ops: string[];
  /** Diagnostic codes of which at least one must be reported (any of them), unless the file no longer parses. */
  expect: Array<{ op: string; anyOf: DiagnosticCode[] }>;
}

const enc = new TextEncoder();

const CONTROL = ['\u0000', '\u0007', '\u0008', '\u001b[31m', '\u001b]0;pwned\u0007', '\u001b[2J', '\r', '\u007f', '\u009b', '\u000b', '\u000c'];
const UNICODE = ['\u202e', '\u2066', '\u2069', '\u200f', '\ufeff', '\u2028', '\u0301', 'e\u0301', '😀', '\ud83d', '\uffff', '\u{10ffff}', 'ǅ', '\u00a0', '\u3000', 'ｈｏｓｔ'];
const TAGS = ['!!js/function', '!!js/undefined', '!!js/regexp', '!!python/object/apply:os.system', '!ruby/object:Gem::Installer', '!foo', '!<tag:yaml.org,2002:str>'];
const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'];

/** Every scalar, map and sequence in a document, with the map key a value belongs to. */
function nodesOf(doc: Document): Array<{ node: Node; key?: string }> {
  const found: Array<{ node: Node; key?: string }> = [];
  visit(doc, {
    Pair(_, pair) {
      if (pair.value && (isScalar(pair.value) || isMap(pair.value) || isSeq(pair.value))) found.push({ node: pair.value, key: isScalar(pair.key) ? String(pair.key.value) : undefined });
    },
    Seq(_, seq) {
      for (const item of seq.items) if (isScalar(item)) found.push({ node: item });
    },
  });
  return found;
}

/** Nested flow sequences `[[[...]]]` or block maps, `depth` deep. */
function deep(rng: Rng, depth: number): string {
  return rng.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{a: '.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A billion-laughs document: each level refers to the one before it ten times. */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

/** A huge string: one word repeated, or random letters (tests "did you mean" on long values). */
function huge(rng: Rng): string {
  const n = rng.pick([2_000, 20_000, 200_000, 900_000]);
  if (rng.chance(0.5)) return 'x'.repeat(n);
  let s = '';
  while (s.length < n) s += Math.random().toString(36).slice(2);
  return s.slice(0, n);
}

/** A structural mutation's record; `deep` asks for nesting that deep where the marker DEEP is. */
type Structural = (doc: Document, rng: Rng) => { op: string; expect?: DiagnosticCode[]; deep?: number } | undefined;

const structural: Structural[] = [
  // A value of the wrong type: a list or map where text belongs, a number, null.
  (doc, rng) => {
    const target = rng.pick(nodesOf(doc));
    const repl = rng.pick<unknown>([[1, 2], { a: 1 }, 42, -1, 1e300, true, null, '', [], {}, 0.5]);
    const node = doc.createNode(repl);
    return replaceNode(doc, target.node, node) ? { op: `wrong type at "${target.key ?? '(item)'}": ${JSON.stringify(repl)}` } : undefined;
  },
  // A tag the loader does not know: read as text, with a warning.
  (doc, rng) => {
    const scalars = nodesOf(doc).filter((n) => isScalar(n.node) && typeof (n.node as Scalar).value === 'string');
    if (!scalars.length) return undefined;
    const s = rng.pick(scalars).node as Scalar;
    const tag = rng.pick(TAGS.slice(0, 5));
    s.tag = tag;
    return { op: `tag ${tag}`, expect: ['UNKNOWN_TAG'] };
  },
  // A key the language does not have, in a map of a node or of the tree.
  (doc, rng) => {
    const maps: YAMLMap[] = [];
    visit(doc, { Map: (_, m) => void maps.push(m) });
    if (!maps.length) return undefined;
    const key = rng.pick(['colour', 'Question', 'anwsers', 'go to', '💥', 'x'.repeat(300)]);
    rng.pick(maps).set(key, 'unexpected');
    return { op: `unknown key "${key.slice(0, 20)}"` };
  },
  // A route to a node or a tree that does not exist.
  (doc, rng) => {
    const routes = nodesOf(doc).filter((n) => isScalar(n.node) && ['goto', 'unknown', 'unresolved', 'start'].includes(n.key ?? '') && typeof (n.node as Scalar).value === 'string');
    if (!routes.length) return undefined;
    const target = rng.pick(['nowhere-at-all', 'no-such-tree#start', 'ssl#no-such-node', '#', 'ssl#', '../etc/passwd', 'x'.repeat(5000)]);
    (rng.pick(routes).node as Scalar).value = target;
    return { op: `dangling route "${target.slice(0, 30)}"`, expect: ['UNKNOWN_TARGET', 'UNKNOWN_TREE', 'UNKNOWN_START', 'BAD_VALUE', 'BAD_ID'] };
  },
  // Names every JavaScript object has, as a placeholder, a key or a route.
  (doc, rng) => {
    const name = rng.pick(PROTO);
    const texts = nodesOf(doc).filter((n) => isScalar(n.node) && ['question', 'fix', 'escalate', 'help', 'why', 'verify'].includes(n.key ?? '') && typeof (n.node as Scalar).value === 'string');
    if (texts.length && rng.chance(0.6)) {
      const s = rng.pick(texts).node as Scalar;
      s.value = `${String(s.value)} {{${name}}}`;
      return { op: `placeholder {{${name}}}`, expect: ['UNKNOWN_INPUT'] };
    }
    const maps: YAMLMap[] = [];
    visit(doc, { Map: (_, m) => void maps.push(m) });
    if (!maps.length) return undefined;
    rng.pick(maps).set(name, rng.chance(0.5) ? 'x' : { escalate: 'x', to: 'y' });
    return { op: `key "${name}"` };
  },
  // Deep nesting in place of a value.
  (doc, rng) => {
    const target = rng.pick(nodesOf(doc));
    const depth = rng.pick([50, 300, 1_000, 3_000]);
    const s = new Scalar('DEEP');
    return replaceNode(doc, target.node, s) ? { op: `nesting ${depth} deep`, deep: depth } : undefined;
  },
  // A scalar replaced by a huge value (the size limit, and "did you mean" on it).
  (doc, rng) => {
    const scalars = nodesOf(doc).filter((n) => isScalar(n.node));
    if (!scalars.length) return undefined;
    const s = rng.pick(scalars);
    const value = huge(rng);
    (s.node as Scalar).value = value;
    return { op: `huge value (${value.length} chars) at "${s.key ?? '(item)'}"` };
  },
  // Anchors and aliases: a self-merge, an alias to a node elsewhere.
  (doc, rng) => {
    const all = nodesOf(doc);
    if (all.length < 2) return undefined;
    const a = rng.pick(all).node;
    a.anchor = 'anc';
    const b = rng.pick(all).node;
    if (a === b) return undefined;
    // A marker the text gets as `*anc`: yaml will not write an alias before its anchor, but a file may hold one.
    return replaceNode(doc, b, new Scalar('ALIAS_MARK')) ? { op: 'alias to another node' } : undefined;
  },
];

/** Replaces `old` wherever it is the value of a pair or an item of a sequence. */
function replaceNode(doc: Document, old: Node, repl: Node): boolean {
  let done = false;
  visit(doc, {
    Pair(_, pair) {
      if (pair.value === old) {
        pair.value = repl;
        done = true;
        return visit.BREAK;
      }
      return undefined;
    },
    Seq(_, seq: YAMLSeq) {
      const i = seq.items.indexOf(old);
      if (i >= 0) {
        seq.items[i] = repl;
        done = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return done;
}

type Textual = (text: string, rng: Rng) => { text: string | Uint8Array; op: string; expect?: DiagnosticCode[] };

const lineAt = (lines: string[], rng: Rng) => rng.int(0, Math.max(0, lines.length - 1));

const textual: Textual[] = [
  (t, rng) => {
    const lines = t.split('\n');
    const i = lineAt(lines, rng);
    lines.splice(i, 1);
    return { text: lines.join('\n'), op: `delete line ${i + 1}` };
  },
  (t, rng) => {
    const lines = t.split('\n');
    const i = lineAt(lines, rng);
    lines.splice(i, 0, lines[i] ?? '');
    return { text: lines.join('\n'), op: `duplicate line ${i + 1}` };
  },
  (t, rng) => {
    const lines = t.split('\n');
    const i = lineAt(lines, rng);
    const j = lineAt(lines, rng);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return { text: lines.join('\n'), op: `swap lines ${i + 1} and ${j + 1}` };
  },
  (t, rng) => {
    const lines = t.split('\n');
    const i = lineAt(lines, rng);
    const how = rng.int(0, 2);
    lines[i] = how === 0 ? ' '.repeat(rng.int(1, 3)) + lines[i] : how === 1 ? lines[i]!.replace(/^ {1,2}/, '') : lines[i]!.replace(/^ +/, '\t');
    return { text: lines.join('\n'), op: `re-indent line ${i + 1} (${['deeper', 'shallower', 'tab'][how]})` };
  },
  truncateRandomly,
  (t, rng) => insertRandomBytes(t, rng, 16),
  (t, rng) => {
    const at = rng.int(0, t.length);
    const junk = rng.chance(0.5) ? rng.pick(CONTROL) : rng.pick(UNICODE);
    return { text: t.slice(0, at) + junk + t.slice(at), op: `insert ${JSON.stringify(junk)} at char ${at}` };
  },
  (t, rng) => {
    // A hostile string where a value is: the terminal and the caret excerpt must show it escaped.
    const lines = t.split('\n');
    const i = lineAt(lines, rng);
    const evil = rng.pick(['\u001b]0;pwned\u0007', '\u001b[2J\u001b[H', '\u202eevil', '\u001b]8;;http://x\u0007link\u001b]8;;\u0007']);
    lines[i] = lines[i]!.replace(/: (.*)$/, `: "$1${evil.replace(/\u001b/g, '\\e').replace(/\u0007/g, '\\a')}"`) + (rng.chance(0.3) ? evil : '');
    return { text: lines.join('\n'), op: `hostile text on line ${i + 1}` };
  },
  (t, rng) => {
    // CRLF line ends, a lone CR, or a mix.
    const how = rng.int(0, 2);
    const out = how === 0 ? t.replace(/\n/g, '\r\n') : how === 1 ? t.replace(/\n/g, (m) => (rng.chance(0.3) ? '\r' : m)) : t.replace(/\n/g, (m) => (rng.chance(0.5) ? '\r\n' : m));
    return { text: out, op: ['CRLF', 'lone CR', 'mixed line ends'][how]! };
  },
  (t, rng) => ({ text: t + '\n' + aliasBomb(rng.int(6, 9)) + '\n', op: 'billion laughs appended', expect: ['ALIAS_BOMB'] }),
  (t, rng) => {
    const lines = t.split('\n');
    const i = lineAt(lines, rng);
    lines.splice(i, 0, `x${rng.int(0, 9)}: ${deep(rng, rng.pick([100, 1_000, 3_000]))}`);
    return { text: lines.join('\n'), op: `deep nesting inserted at line ${i + 1}` };
  },
  (t, rng) => ({ text: rng.chance(0.5) ? `${t}\n---\n${t}` : `--- !!js/function\n${t}`, op: 'second document / tagged document' }),
];

/** One mutant of `text`: 0-2 structural mutations, then 0-2 textual ones; at least one in all. */
export function mutate(text: string, rng: Rng): Mutant {
  const ops: string[] = [];
  const expect: Mutant['expect'] = [];
  let current: string | Uint8Array = text;
  const nStruct = rng.int(0, 2);
  const nText = rng.int(nStruct === 0 ? 1 : 0, 2);
  if (nStruct > 0) {
    const doc = parseDocument(text, { keepSourceTokens: false });
    let deepAt: number | undefined;
    for (let k = 0; k < nStruct; k++) {
      const r = rng.pick(structural)(doc, rng);
      if (!r) continue;
      ops.push(r.op);
      // Only the last mutation's promise holds: a later one may undo it (a retyped tagged value).
      expect.length = 0;
      if (r.expect) expect.push({ op: r.op, anyOf: r.expect });
      if (r.deep) deepAt = r.deep;
    }
    let out: string;
    try {
      out = doc.toString({ lineWidth: 0 });
    } catch {
      // yaml will not write an alias whose anchor a mutation removed or moved after it (the
      // shipped trees use anchors): keep the text; the textual mutations still apply.
      out = text;
      ops.push('(the structural mutations could not be written)');
      expect.length = 0;
      deepAt = undefined;
    }
    if (deepAt !== undefined) out = out.replace('DEEP', deep(rng, deepAt));
    out = out.replace(/ALIAS_MARK/g, '*anc');
    current = out;
  }
  for (let k = 0; k < nText; k++) {
    const asText = typeof current === 'string' ? current : new TextDecoder().decode(current);
    const r = rng.pick(textual)(asText, rng);
    ops.push(r.op);
    expect.length = 0;
    if (r.expect) expect.push({ op: r.op, anyOf: r.expect });
    current = r.text;
  }
  return { bytes: typeof current === 'string' ? enc.encode(current) : current, ops, expect };
}

