// README.md must stay true: every command, every diagnostic code, and the quick start.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { commands } from '../src/cli/main.js';
import { DIAGNOSTIC_CODES } from '../src/tree/diagnostics.js';
import { root } from './helpers/cli.js';
import { cli } from './helpers/main.js';

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

test('the quick start is two commands: one starts the wizard, one runs the tests', () => {
  expect(readme).toMatch(/```sh\nnpm install && npm start +# .*wizard.*\nnpm test +# .*\n```/);
});

test.for(Object.keys(commands))('README documents "eas-doctor %s"', (name) => {
  expect(readme).toContain(`eas-doctor ${name}`);
});

test.for(Object.entries(DIAGNOSTIC_CODES))('README lists diagnostic %s with its meaning', ([code, meaning]) => {
  expect(readme).toContain(`| \`${code}\` | ${meaning} |`);
});

test('the command reference is every command\'s help as the parser prints it (npm run build && npm run readme)', async () => {
  const section = /<!-- reference:begin -->\n([\s\S]*?)<!-- reference:end -->/.exec(readme)?.[1];
  const generated = await cli(['__reference']);
  expect(generated.code).toBe(0);
  expect(section).toBe(generated.stdout);
});

test('README tables the exit codes every command uses', () => {
  for (const [code, meaning] of [['0', 'fine'], ['1', 'problems found'], ['2', 'usage or missing input'], ['130', 'interrupted']]) expect(readme).toMatch(new RegExp(`\\| ${code} \\| ${meaning}`));
});
