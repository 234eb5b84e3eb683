// WBXML -> element tree, for bodies from untrusted servers: every read is bounds-checked, the
// depth and node count are capped, and any problem is returned as a positioned error -- never
// thrown, never a loop. A truncated body (the HTTP layer stops at its cap or the deadline) ends
// in `truncated` at the offset where bytes ran out.
import { namespaceOf, tagName } from './code-pages.js';
import type { WbxmlElement, WbxmlNode } from './node.js';
import * as T from './tokens.js';

export type WbxmlErrorCode = 'empty' | 'truncated' | 'bad-header' | 'bad-integer' | 'unsupported-token' | 'attributes' | 'no-root' | 'trailing-data' | 'too-deep' | 'too-many-nodes' | 'bad-string-reference';

/** Why a body is not valid ActiveSync WBXML, and the byte offset where that was found. */
export interface WbxmlError {
  code: WbxmlErrorCode;
  offset: number;
  message: string;
}

/** A tag the code pages do not define, kept in the tree and listed here. */
export interface UnknownTag {
  name: string;
  page: number;
  token: number;
  offset: number;
}

export type DecodeResult = { ok: true; root: WbxmlElement; unknown: UnknownTag[]; opaqueBytes: number } | { ok: false; error: WbxmlError };

export interface DecodeOptions {
  /** @default 64 */
  maxDepth?: number;
  /** @default 200000 */
  maxNodes?: number;
}

class Stop extends Error {
  constructor(readonly error: WbxmlError) {
    super(error.message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes one WBXML document. */
export function decodeWbxml(bytes: Uint8Array, o: DecodeOptions = {}): DecodeResult {
  const maxDepth = o.maxDepth ?? 64;
  const maxNodes = o.maxNodes ?? 200_000;
  let pos = 0;
  let nodes = 0;
  let opaqueBytes = 0;
  const unknown: UnknownTag[] = [];
  const stop = (code: WbxmlErrorCode, offset: number, message: string): never => {
    throw new Stop({ code, offset, message });
  };
  const byte = (): number => {
    if (pos >= bytes.length) stop('truncated', pos, `the body ends after ${bytes.length} bytes, inside the document`);
    return bytes[pos++]!;
  };
  // mb_u_int32 (WBXML 5.1): 7 bits a byte, high bit "more"; at most 5 bytes for 32 bits.
  const mbUint = (): number => {
    const start = pos;
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = byte();
      value = value * 128 + (b & 0x7f);
      if (!(b & 0x80)) return value;
    }
    return stop('bad-integer', start, 'a multi-byte integer runs longer than 5 bytes');
  };
  const cString = (): string => {
    const start = pos;
    const end = bytes.indexOf(0, pos);
    if (end < 0) stop('truncated', bytes.length, `an inline string that starts at byte ${start} has no terminating NUL`);
    pos = end + 1;
    return utf8.decode(bytes.subarray(start, end));
  };

  try {
    if (bytes.length === 0) stop('empty', 0, 'the body is empty');
    const version = byte();
    if (version < 0x01 || version > 0x03) stop('bad-header', 0, `WBXML version byte 0x${version.toString(16).padStart(2, '0')} is not 1.1-1.3: this is not WBXML`);
    const publicId = mbUint();
    if (publicId === 0) mbUint(); // a public id given as a string-table index
    mbUint(); // charset: ActiveSync sends UTF-8 (106); text is read as UTF-8 whatever it says
    const tableLength = mbUint();
    if (pos + tableLength > bytes.length) stop('truncated', pos, `the string table claims ${tableLength} bytes; only ${bytes.length - pos} follow`);
    const table = bytes.subarray(pos, pos + tableLength);
    pos += tableLength;

    let page = 0;
    let root: WbxmlElement | undefined;
    const stack: WbxmlElement[] = [];
    const add = (n: WbxmlNode) => {
      if (++nodes > maxNodes) stop('too-many-nodes', n.offset, `more than ${maxNodes} nodes`);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(n);
      else if (n.kind === 'element' && !root) root = n;
      else if (n.kind === 'element') stop('trailing-data', n.offset, 'a second top-level element follows the first');
      else stop('no-root', n.offset, 'content outside any element');
    };
    while (pos < bytes.length) {
      const at = pos;
      const t = byte();
      switch (t) {
        case T.SWITCH_PAGE:
          page = byte();
          continue;
        case T.END:
          if (!stack.length) stop('trailing-data', at, 'END with no open element');
          stack.pop();
          if (!stack.length && pos < bytes.length) stop('trailing-data', pos, `${bytes.length - pos} bytes follow the end of the document`);
          continue;
        case T.STR_I:
          add({ kind: 'text', value: cString(), offset: at });
          continue;
        case T.STR_T: {
          const ref = mbUint();
          if (ref >= table.length) stop('bad-string-reference', at, `string-table reference ${ref} is outside the ${table.length}-byte table`);
          const end = table.indexOf(0, ref);
          add({ kind: 'text', value: utf8.decode(table.subarray(ref, end < 0 ? table.length : end)), offset: at });
          continue;
        }
        case T.ENTITY:
          add({ kind: 'text', value: String.fromCodePoint(Math.min(mbUint(), 0x10ffff)), offset: at });
          continue;
        case T.OPAQUE: {
          const length = mbUint();
          if (pos + length > bytes.length) stop('truncated', pos, `opaque data claims ${length} bytes; only ${bytes.length - pos} follow`);
          add({ kind: 'opaque', bytes: bytes.slice(pos, pos + length), offset: at });
          opaqueBytes += length;
          pos += length;
          continue;
        }
        case T.LITERAL:
        case T.LITERAL_A:
        case T.LITERAL_C:
        case T.LITERAL_AC:
        case T.PI:
          stop('unsupported-token', at, `token 0x${t.toString(16)} (literal tag or processing instruction) is not used by ActiveSync`);
      }
      if ((t >= T.EXT_I_0 && t <= T.EXT_I_2) || (t >= T.EXT_T_0 && t <= T.EXT_T_2) || (t >= T.EXT_0 && t <= T.EXT_2)) {
        stop('unsupported-token', at, `extension token 0x${t.toString(16)} is not used by ActiveSync`);
      }
      if (t & T.TAG_ATTRIBUTES) stop('attributes', at, `tag 0x${t.toString(16)} carries attributes, which ActiveSync never sends`);
      const token = t & T.TAG_MASK;
      const name = tagName(page, token);
      const element: WbxmlElement = {
        kind: 'element',
        name: name ? `${namespaceOf(page)}:${name}` : `page ${page}:0x${token.toString(16).padStart(2, '0')}`,
        page,
        token,
        known: !!name,
        offset: at,
        children: [],
      };
      if (!name) unknown.push({ name: element.name, page, token, offset: at });
      add(element);
      if (t & T.TAG_CONTENT) {
        if (stack.length >= maxDepth) stop('too-deep', at, `elements nest deeper than ${maxDepth}`);
        stack.push(element);
      }
    }
    if (stack.length) stop('truncated', pos, `the body ends with ${stack.length} element(s) still open (${stack.map((e) => e.name).join(' > ')})`);
    if (!root) stop('no-root', pos, 'no element in the document');
    return { ok: true, root: root!, unknown, opaqueBytes };
  } catch (err) {
    if (err instanceof Stop) return { ok: false, error: err.error };
    throw err;
  }
}

/** "truncated at byte 123: ..." */
export function formatWbxmlError(e: WbxmlError): string {
  return `invalid WBXML at byte ${e.offset} (${e.code}): ${e.message}`;
}
