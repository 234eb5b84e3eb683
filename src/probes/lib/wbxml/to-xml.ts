// A decoded tree as indented XML, for tests and `--debug`-style evidence: text is escaped and
// opaque data is shown by its size only (it may be message content).
import type { WbxmlElement, WbxmlNode } from './node.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toXml(node: WbxmlNode, indent = ''): string {
  if (node.kind === 'text') return `${indent}${escape(node.value)}`;
  if (node.kind === 'opaque') return `${indent}[opaque ${node.bytes.length} bytes]`;
  const e: WbxmlElement = node;
  if (!e.children.length) return `${indent}<${e.name}/>`;
  if (e.children.length === 1 && e.children[0]!.kind !== 'element') return `${indent}<${e.name}>${toXml(e.children[0]!)}</${e.name}>`;
  return [`${indent}<${e.name}>`, ...e.children.map((c) => toXml(c, `${indent}  `)), `${indent}</${e.name}>`].join('\n');
}
