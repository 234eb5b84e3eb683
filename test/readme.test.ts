// README.md must stay true: every command, every diagnostic code, and the quick start.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { commands } from '../src/cli/main.js';
import { DIAGNOSTIC_CODES } from '../src/tree/diagnostics.js';
import { root } from './helpers/cli.js';

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
