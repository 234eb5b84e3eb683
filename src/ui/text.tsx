// Ink's <Text>, with every string child made safe: the one place wizard output meets text
// from servers, logs, journals, typed input and --trees files. Ink draws its own colours and
// cursor moves around the text; a control character inside the text would otherwise reach the
// terminal raw (retitle it, clear it, plant a link). Line feeds stay: Ink lays them out.
// Lint forbids importing Text from 'ink' anywhere else.
import { Children, type ReactNode } from 'react';
// eslint-disable-next-line no-restricted-imports
import { Text as InkText, type TextProps } from 'ink';
import { safeText } from '../util/safe-text.js';

/** A child list with every string (and number) passed through `safeText`, nested elements kept. */
export function safeChildren(children: ReactNode): ReactNode {
  if (typeof children === 'string') return safeText(children, { newlines: true });
  if (!Array.isArray(children)) return children;
  return Children.map(children, (c: ReactNode) => (typeof c === 'string' ? safeText(c, { newlines: true }) : c));
}

/** Ink's Text; string children are shown with control and bidi characters as visible escapes. */
export function Text({ children, ...props }: TextProps) {
  return <InkText {...props}>{safeChildren(children)}</InkText>;
}
