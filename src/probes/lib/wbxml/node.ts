// The decoded document: elements, text and opaque data, with the byte offset each came from.

/** An element. `name` is `Namespace:Tag`, or `page N:0xTT` for a tag the tables do not know. */
export interface WbxmlElement {
  kind: 'element';
  name: string;
  page: number;
  token: number;
  /** False for a page or token the code pages do not define. */
  known: boolean;
  offset: number;
  children: WbxmlNode[];
}

export interface WbxmlText {
  kind: 'text';
  value: string;
  offset: number;
}

/** OPAQUE data ([MS-ASWBXML] 2.1.2.2: e.g. MIME or a ConversationId): kept as bytes, never as text. */
export interface WbxmlOpaque {
  kind: 'opaque';
  bytes: Uint8Array;
  offset: number;
}

export type WbxmlNode = WbxmlElement | WbxmlText | WbxmlOpaque;

/** The child elements named `name` (qualified, `Provision:Status`). */
export function childrenNamed(e: WbxmlElement, name: string): WbxmlElement[] {
  return e.children.filter((c): c is WbxmlElement => c.kind === 'element' && c.name === name);
}

/** The first element reached by the path of qualified names below `e`. */
export function find(e: WbxmlElement | undefined, ...path: string[]): WbxmlElement | undefined {
  let at = e;
  for (const name of path) {
    if (!at) return undefined;
    at = childrenNamed(at, name)[0];
  }
  return at;
}

/** Every element below `e` (depth first) named `name`. */
export function findAll(e: WbxmlElement, name: string, out: WbxmlElement[] = []): WbxmlElement[] {
  for (const c of e.children) {
    if (c.kind !== 'element') continue;
    if (c.name === name) out.push(c);
    findAll(c, name, out);
  }
  return out;
}

/** The text content of an element (its text children joined), or undefined. */
export function textOf(e: WbxmlElement | undefined): string | undefined {
  if (!e) return undefined;
  const parts = e.children.filter((c): c is WbxmlText => c.kind === 'text').map((c) => c.value);
  return parts.length ? parts.join('') : undefined;
}
