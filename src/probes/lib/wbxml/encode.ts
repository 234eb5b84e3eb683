// Element tree -> WBXML for requests: the header [MS-ASWBXML] 2.1.1 prescribes (1.3, UTF-8, no
// string table), SWITCH_PAGE only when the page changes, STR_I for text, OPAQUE for bytes.
import { tokenOf } from './code-pages.js';
import * as T from './tokens.js';

/** What requests are built from: `el('FolderHierarchy:FolderSync', el('FolderHierarchy:SyncKey', '0'))`. */
export interface OutElement {
  name: string;
  children: (OutElement | string | Uint8Array)[];
}

export function el(name: string, ...children: (OutElement | string | Uint8Array | undefined | false)[]): OutElement {
  return { name, children: children.filter((c): c is OutElement | string | Uint8Array => c !== undefined && c !== false) };
}

function mbUint(n: number, out: number[]): void {
  const bytes = [n & 0x7f];
  for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80);
  out.push(...bytes);
}

/** Encodes one document; throws for a tag name the code pages do not define (a bug in our requests). */
export function encodeWbxml(root: OutElement): Uint8Array {
  const out: number[] = [T.WBXML_VERSION, T.PUBLIC_ID_UNKNOWN, T.CHARSET_UTF8, 0x00];
  let page = 0;
  const write = (e: OutElement) => {
    const t = tokenOf(e.name);
    if (!t) throw new Error(`WBXML encoder: no code page defines "${e.name}"`);
    if (t.page !== page) {
      out.push(T.SWITCH_PAGE, t.page);
      page = t.page;
    }
    if (!e.children.length) {
      out.push(t.token);
      return;
    }
    out.push(t.token | T.TAG_CONTENT);
    for (const c of e.children) {
      if (typeof c === 'string') {
        out.push(T.STR_I, ...Buffer.from(c, 'utf8'), 0x00);
      } else if (c instanceof Uint8Array) {
        out.push(T.OPAQUE);
        mbUint(c.length, out);
        for (const b of c) out.push(b);
      } else {
        write(c);
      }
    }
    out.push(T.END);
  };
  write(root);
  return Uint8Array.from(out);
}
