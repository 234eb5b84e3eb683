// Ink wraps text with wrap-ansi's `trim: false`: a row that fills the width exactly pushes the
// space after it to the start of the next row, so wrapped text reads " foo". The wizard's Text
// drops that one space; text that starts a line with spaces on purpose keeps them.
import { Box } from 'ink';
import { expect, test } from 'vitest';
import { Text } from '../../src/ui/text.js';
import { renderUi } from './render.js';
import { monoTheme } from '../../src/ui/theme.js';

const rows = (f: string) => f.split('\n').map((l) => l.trimEnd());

test('a wrapped row never starts with the space it was broken at', () => {
  const { frame } = renderUi(
    <Box width={11}>
      <Text>hello world foo bar baz</Text>
    </Box>,
  );
  expect(rows(frame())).toEqual(['hello world', 'foo bar', 'baz']);
});

test('nested, coloured text wraps the same way, and its own leading space stays', () => {
  const { frame } = renderUi(
    <Box width={10}>
      <Text>
        <Text bold>Why:</Text> {'hello world foo bar'}
      </Text>
    </Box>,
  );
  expect(rows(frame())).toEqual(['Why: hello', 'world foo', 'bar']);
  const heading = renderUi(
    <Box width={20}>
      <Text>
        <Text inverse>{' FIX '}</Text>
        <Text bold>{' Renew it'}</Text>
      </Text>
    </Box>,
    monoTheme,
  );
  expect(rows(heading.frame())).toEqual([' FIX  Renew it']);
});

test('lines that start with spaces on purpose keep them', () => {
  const { frame } = renderUi(
    <Box width={30}>
      <Text>{'Sources:\n  one\n two'}</Text>
    </Box>,
  );
  expect(rows(frame())).toEqual(['Sources:', '  one', ' two']);
});
