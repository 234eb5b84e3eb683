// The one colour policy, as a table; then as a user sees it from the built CLI.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { colourWanted, palette } from '../../src/util/colour.js';
import { runCli } from '../helpers/cli.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

test.for([
  ['a terminal', tty, {}, undefined, true],
  ['a pipe', pipe, {}, undefined, false],
  ['--no-color', tty, {}, false, false],
  ['--no-color beats FORCE_COLOR', tty, { FORCE_COLOR: '1' }, false, false],
  ['NO_COLOR=1', tty, { NO_COLOR: '1' }, undefined, false],
  ['NO_COLOR empty does not count (no-color.org)', tty, { NO_COLOR: '' }, undefined, true],
  ['NO_COLOR beats FORCE_COLOR', tty, { NO_COLOR: '1', FORCE_COLOR: '1' }, undefined, false],
  ['FORCE_COLOR=1 on a pipe', pipe, { FORCE_COLOR: '1' }, undefined, true],
  ['FORCE_COLOR empty on a pipe', pipe, { FORCE_COLOR: '' }, undefined, true],
  ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, undefined, false],
  ['FORCE_COLOR=false on a terminal', tty, { FORCE_COLOR: 'false' }, undefined, false],
  ['TERM=dumb', tty, { TERM: 'dumb' }, undefined, false],
  ['TERM=dumb with FORCE_COLOR', tty, { TERM: 'dumb', FORCE_COLOR: '1' }, undefined, true],
] as const)('%s: %s', ([, stream, env, flag, want]) => {
  expect(colourWanted(stream, env, flag)).toBe(want);
  expect(palette(stream, env, flag).red('x')).toBe(want ? '\x1b[31mx\x1b[39m' : 'x');
});

test('every command follows it: validate paints diagnostics with FORCE_COLOR, not with NO_COLOR or --no-color', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-colour-'));
  writeFileSync(path.join(dir, 'bad.yaml'), 'id: bad\ntitle: Bad\nversion: 1\nstart: q\nnodes:\n  q:\n    question: Works?\n    answers:\n      yes: nowhere\n      no: nowhere\n');
  const esc = /\x1b\[/;
  const run = (env: Record<string, string | undefined>, extra: string[] = []) => runCli(['validate', dir, ...extra], { env: { NO_COLOR: undefined, ...env } });
  expect((await run({ FORCE_COLOR: '1' })).stderr).toMatch(esc);
  expect((await run({ FORCE_COLOR: '1', NO_COLOR: '1' })).stderr).not.toMatch(esc);
  expect((await run({ FORCE_COLOR: '1' }, ['--no-color'])).stderr).not.toMatch(esc);
  expect((await run({})).stderr).not.toMatch(esc); // a pipe
});
