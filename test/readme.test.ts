// README.md must stay true: every command, every diagnostic code, and the quick start.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

test('the tree in "Writing trees" validates with --strict and its tests pass', async () => {
  const example = /## Writing trees[^]*?```yaml\n([^]*?)```/.exec(readme)?.[1];
  expect(example).toContain('id: ssl');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eas-readme-'));
  try {
    writeFileSync(path.join(dir, 'ssl.yaml'), example!);
    copyFileSync(path.join(root, 'trees', 'sources.yaml'), path.join(dir, 'sources.yaml'));
    // The tree it points at ("auth#start"), as small as a tree can be.
    writeFileSync(path.join(dir, 'auth.yaml'), 'id: auth\ntitle: Auth\nversion: 1\nstart: q\nnodes:\n  q:\n    question: Q?\n    answers: {yes: e, no: e}\n    unknown: e\n  e:\n    escalate: E\n    to: T\n');
    const validated = await cli(['validate', '--strict'], { EAS_DOCTOR_TREES: dir });
    expect(validated.stdout + validated.stderr).toContain('0 error(s), 0 warning(s)');
    expect(validated.code).toBe(0);
    const tested = await cli(['test'], { EAS_DOCTOR_TREES: dir });
    expect(tested.stdout).toContain('1 test(s) passed, 0 failed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
