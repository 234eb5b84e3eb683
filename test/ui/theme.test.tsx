import { Text } from 'ink';
import { expect, test } from 'vitest';
import { Badge } from '../../src/ui/walk/evidence.js';
import { colorTheme, monoTheme, pickTheme } from '../../src/ui/theme.js';
import { renderUi } from './render.js';

test.for([
  [{}, false, colorTheme],
  [{ NO_COLOR: '1' }, false, monoTheme],
  [{ NO_COLOR: '' }, false, colorTheme],
  [{ FORCE_COLOR: '0' }, false, monoTheme],
  [{ TERM: 'dumb' }, false, monoTheme],
  [{ TERM: 'dumb', FORCE_COLOR: '1' }, false, colorTheme],
  [{}, true, monoTheme],
] as const)('env %o, --no-color %s', ([env, flag, want]) => {
  expect(pickTheme(env, flag)).toBe(want);
});

test('without colours, a badge still says pass, warn or fail in words', () => {
  const ui = renderUi(
    <Text>
      <Badge verdict="pass" /> <Badge verdict="warn" /> <Badge verdict="fail" /> <Badge />
    </Text>,
    monoTheme,
  );
  expect(ui.frame()).toBe('[PASS] [WARN] [FAIL] [INFO]');
});
