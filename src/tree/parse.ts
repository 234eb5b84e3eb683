// Bytes -> YAML document: size, encoding and emptiness checks, syntax errors, alias bombs.
// Shared by tree files and test files.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { DiagnosticBag } from './diagnostics.js';
import { YamlReader, expandedSize } from './yaml-reader.js';

/** Largest tree file read. */
export const MAX_TREE_BYTES = 1024 * 1024;
/** Most YAML nodes a file may expand to through aliases. */
export const MAX_EXPANDED_NODES = 200_000;

/** Something that may be a YAML anchor; text like "a & b" or "R&D" is not, "&x" may be. */
const ANCHOR = /(^|[\s,[{:-])&[^\s,[\]{}]/m;

/** The text of a file, or why it cannot be a tree. */
export function decodeTreeBytes(file: string, bytes: Uint8Array, diag: DiagnosticBag): string | undefined {
  const at = { file, line: 1, column: 1 };
  if (bytes.length > MAX_TREE_BYTES) {
    diag.add({ ...at, code: 'FILE_TOO_LARGE', severity: 'error', message: `the file is ${bytes.length} bytes; a tree may be at most ${MAX_TREE_BYTES}`, hint: 'split it into several trees that refer to each other with tree#node' });
    return undefined;
  }
  if (bytes.includes(0)) {
    diag.add({ ...at, code: 'BINARY_FILE', severity: 'error', message: 'the file holds NUL bytes: it is not a text file', hint: 'is this the right file? Trees are UTF-8 YAML text' });
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    diag.add({ ...at, code: 'BINARY_FILE', severity: 'error', message: 'the file is not valid UTF-8 text', hint: 'save it as UTF-8' });
    return undefined;
  }
  if (text.replace(/^\uFEFF/, '').replace(/#[^\n]*/g, '').trim() === '') {
    diag.add({ ...at, code: 'EMPTY_FILE', severity: 'error', message: 'the file holds no tree', hint: 'run "eas-doctor new ID" for a starter tree' });
    return undefined;
  }
  return text;
}

/** Parses YAML, reporting syntax errors and alias bombs; the reader is ready for the model. */
export function parseYaml(file: string, text: string, diag: DiagnosticBag): YamlReader | undefined {
  const lines = new LineCounter();
  // yaml's own duplicate-key check compares each key with every earlier key of its mapping:
  // quadratic, and a tree's `nodes:` mapping has hundreds of keys (a fifth of parsing 1000
  // nodes). duplicateKeys below finds the same keys with one Set per mapping.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, strict: true });
  const errors = [...doc.errors.map((e) => ({ offset: e.pos[0], code: e.code as string, message: e.message })), ...duplicateKeys(doc.contents)].sort((a, b) => a.offset - b.offset);
  // One error per line, at most ten: after the first mistake yaml's recovery reports every
  // following token, which buries the real problem.
  const reportedLines = new Set<number>();
  for (const err of errors) {
    const { line, col } = lines.linePos(err.offset);
    if (reportedLines.has(line) || reportedLines.size >= 10) continue;
    reportedLines.add(line);
    const duplicate = err.code === 'DUPLICATE_KEY';
    // yaml composes nested collections recursively and reports the engine's stack overflow
    // ("Maximum call stack size exceeded") as RESOURCE_EXHAUSTION: say what it means instead.
    const tooDeep = err.code === 'RESOURCE_EXHAUSTION';
    diag.add({
      code: duplicate ? 'DUPLICATE_KEY' : 'YAML_SYNTAX',
      severity: 'error',
      file,
      line,
      column: col,
      message: duplicate ? 'this key appears twice in the same mapping' : tooDeep ? 'lists or mappings nest too deeply here to be read' : `${err.message.split('\n')[0]} (${err.code})`,
      hint: duplicate
        ? 'node ids and keys must be unique: rename or merge one of them'
        : tooDeep
          ? 'a tree needs only a few levels of nesting: close the brackets ([ ], { }) that were left open, or indent less'
          : 'check the indentation and quoting here; quote text that holds ": ", starts with a special character, or holds {{placeholders}} inside [ ] or { }',
    });
  }
  if (errors.length) return undefined;
  // A tag such as !!js/function or !!python/object asks a loader to run code. yaml never does;
  // it reads the value as text. Say so, rather than let the tag pass silently.
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    const { line, col } = lines.linePos(w.pos[0]);
    const tag = /Unresolved tag: (\S+)/.exec(w.message)?.[1] ?? 'this tag';
    diag.add({ code: 'UNKNOWN_TAG', severity: 'warning', file, line, column: col, length: w.pos[1] - w.pos[0], message: `unknown YAML tag ${tag.replace(/^tag:yaml\.org,2002:/, '!!')}: the value is read as plain text, nothing is run`, hint: 'remove the tag; trees need none' });
  }
  const reader = new YamlReader(file, doc, lines, diag);
  // Without an anchor (&name) there is no alias to expand; the walk is skipped, as it costs
  // about a fifth of loading a large tree.
  if (ANCHOR.test(text) && expandedSize(doc, MAX_EXPANDED_NODES) >= MAX_EXPANDED_NODES) {
    reader.report('ALIAS_BOMB', doc.contents, `aliases in this file expand to more than ${MAX_EXPANDED_NODES} nodes`, 'write the repeated parts out, or use fewer nested aliases');
    return undefined;
  }
  return reader;
}

/** A key written twice in one mapping, found as yaml's `uniqueKeys` would: equal scalar values. */
interface KeyError {
  offset: number;
  code: string;
  message: string;
}

/** Every repeated key in every mapping under `root`, at the later key. */
function duplicateKeys(root: unknown): KeyError[] {
  const found: KeyError[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (isScalar(key)) {
          if (seen.has(key.value)) found.push({ offset: key.range?.[0] ?? 0, code: 'DUPLICATE_KEY', message: 'Map keys must be unique' });
          seen.add(key.value);
        } else walk(key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(isPair(item) ? item.value : item);
    }
  };
  walk(root);
  return found;
}
