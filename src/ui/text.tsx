// Ink's <Text>, with every string child made safe: the one place wizard output meets text
// from servers, logs, journals, typed input and --trees files. Ink draws its own colours and
// cursor moves around the text; a control character inside the text would otherwise reach the
// terminal raw (retitle it, clear it, plant a link). Line feeds stay: Ink lays them out.
// Lint forbids importing Text from 'ink' anywhere else.
//
// It also mends Ink's word wrap: Ink wraps with wrap-ansi's `trim: false`, so a row that fills
// the width exactly leaves the space it broke at at the start of the next row (" foo bar").
// The outermost Text drops that one space from rows that continue a line; rows that start a
// line of the text keep their spaces.
import { Children, createContext, isValidElement, useContext, type ReactNode } from 'react';
// eslint-disable-next-line no-restricted-imports
import { Text as InkText, Transform, type TextProps } from 'ink';
import { safeText } from '../util/safe-text.js';

/** A child list with every string (and number) passed through `safeText`, nested elements kept. */
export function safeChildren(children: ReactNode): ReactNode {
  if (typeof children === 'string') return safeText(children, { newlines: true });
  if (!Array.isArray(children)) return children;
  return Children.map(children, (c: ReactNode) => (typeof c === 'string' ? safeText(c, { newlines: true }) : c));
}

/** Inside a Text: nested Texts are parts of one run of text that Ink wraps as a whole. */
const InsideText = createContext(false);

/** The characters a Text shows (nested Texts included), as Ink squashes them before wrapping. */
export function plainText(node: ReactNode): string {
  if (typeof node === 'string') return safeText(node, { newlines: true });
  if (typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map(plainText).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return plainText(node.props.children);
  return '';
}

const LEADING_ESCAPES = /^((?:\u001b\[[0-9;]*m)*) /;
const ESCAPES = /\u001b\[[0-9;]*m/g;

/**
 * A per-row transform for Ink's output that drops the one space a word wrap left at the start
 * of a row. Rows arrive in order from index 0; it follows where each row starts in `source`,
 * so a row that starts one of the text's own lines keeps its spaces.
 */
export function dropWrapSpace(source: string): (row: string, index: number) => string {
  // Where each of the text's lines starts, counted without the line feeds (Ink's rows hold none).
  const starts = new Set<number>([0]);
  let at = 0;
  for (const line of source.split('\n')) {
    at += line.length;
    starts.add(at);
  }
  let offset = 0;
  return (row, index) => {
    if (index === 0) offset = 0;
    const visible = row.replace(ESCAPES, '').length;
    const continues = !starts.has(offset);
    offset += visible;
    return continues ? row.replace(LEADING_ESCAPES, '$1') : row;
  };
}

/** Ink's Text; string children are shown with control and bidi characters as visible escapes. */
export function Text({ children, ...props }: TextProps) {
  const inside = useContext(InsideText);
  const safe = safeChildren(children);
  const text = <InkText {...props}>{safe}</InkText>;
  if (inside) return text;
  const wraps = (props.wrap ?? 'wrap') === 'wrap';
  return <InsideText.Provider value={true}>{wraps ? <Transform transform={dropWrapSpace(plainText(safe))}>{text}</Transform> : text}</InsideText.Provider>;
}
