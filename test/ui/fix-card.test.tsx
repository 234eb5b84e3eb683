// The fix card with text to replace and alternatives: a replaceable stands out in the command
// (the theme's colour; underlined without colours) and is listed under it; an `either:` step
// reads "Either (A)" / "Or (B)". Wrapped text in the card starts without a stray space.
import chalk from 'chalk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FixCard } from '../../src/ui/fix/fix-card.js';
import { colorTheme, monoTheme } from '../../src/ui/theme.js';
import { chooseFix } from './choose-fix.js';
import { renderUi, strip } from './render.js';

// Ink colours through chalk, which writes no escapes when the test's output is not a terminal.
const level = chalk.level;
beforeAll(() => {
  chalk.level = 1;
});
afterAll(() => {
  chalk.level = level;
});

const lines = (f: string) => f.split('\n').map((l) => l.trimEnd());

test('the steps: alternatives labelled Either (A) / Or (B) under one number, what to replace listed under its command', () => {
  const ui = renderUi(<FixCard view={chooseFix()} />);
  const text = lines(ui.frame());
  const at = (s: string) => text.findIndex((l) => l.includes(s));
  expect(text[at('1. List the directories')]).toMatch(/^ 1\. List the directories$/);
  expect(text[at('2. Leave one namespace')]).toBe(' 2. Leave one namespace (choose ONE: A or B)');
  expect(text[at('Either (A)')]).toBe('    Either (A) Delete the extra directory');
  expect(text[at('Or (B)')]).toBe('    Or (B) Keep it, and point its InternalUrl at the same namespace');
  expect(text[at('then (B)')]).toBe('    then (B) Re-apply certificate mapping if you ever roll back to it.');
  expect(text[at('3. Recycle')]).toBe(' 3. Recycle the ActiveSync application pool');
  // Order: A's command and its list come before B.
  expect(at('Remove-ActiveSyncVirtualDirectory')).toBeGreaterThan(at('Either (A)'));
  expect(at('Replace SITE with: the web site in brackets')).toBeGreaterThan(at('Remove-ActiveSyncVirtualDirectory'));
  expect(at('Replace SITE with: the web site in brackets')).toBeLessThan(at('Or (B)'));
  expect(text.filter((l) => l.includes('Replace SITE with: the web site in brackets in the Name column of step 1'))).toHaveLength(2);
});

test('in colour the token is coloured and bold; without colours it is underlined; either way it stays as written', () => {
  const coloured = renderUi(<FixCard view={chooseFix()} />, colorTheme).lastFrame() ?? '';
  // At 100 columns the command breaks before the quoted identity, which carries SITE.
  const line = coloured.split('\n').find((l) => l.includes('"EX2010\\Microsoft-Server-ActiveSync ('))!;
  expect(line).toMatch(/(\u001b\[(1|33)m){2}SITE(\u001b\[(22|39)m){2}\)"/);
  expect(strip(line)).toContain('"EX2010\\Microsoft-Server-ActiveSync (SITE)"');
  const mono = renderUi(<FixCard view={chooseFix()} />, monoTheme).lastFrame() ?? '';
  const monoLine = mono.split('\n').find((l) => l.includes('"EX2010\\Microsoft-Server-ActiveSync ('))!;
  expect(monoLine).toMatch(/\u001b\[4mSITE\u001b\[24m\)"/);
  expect(mono).not.toMatch(/\u001b\[3[0-7]m/);
  expect(mono).toMatch(/\u001b\[4mReplace SITE\u001b\[24m with: /);
});
