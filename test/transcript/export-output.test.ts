// export -o writes a new private file: never over an existing one, never through a symbolic
// link, unless --force (which replaces the link itself, never what it points to).
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { root, runCli } from '../helpers/cli.js';

const trees = ['--trees', path.join(root, 'test', 'fixtures', 'trees', 'hostile')];
let dir: string;
let id: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eas-export-o-'));
  const r = await runCli(['run', 'evil', ...trees, '--answers', '-', '--data-dir', dir, '--journal'], { input: 'yes\n' });
  if (r.code !== 0) {
    // Before scripted runs needed --journal, they always journaled.
    const again = await runCli(['run', 'evil', ...trees, '--answers', '-', '--data-dir', dir], { input: 'yes\n' });
    expect(again.code).toBe(0);
  }
  id = readdirSync(path.join(dir, 'sessions'))[0]!.replace(/\.jsonl$/, '');
});

describe('export -o', () => {
  test('an existing file is kept unless --force', async () => {
    const out = path.join(dir, 'exists.md');
    writeFileSync(out, 'keep me');
    const r = await runCli(['export', id, '-o', out, ...trees, '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exists; choose another name, or pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await runCli(['export', id, '-o', out, '--force', ...trees, '--data-dir', dir]);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Hand over');
    expect(lstatSync(out).mode & 0o777).toBe(0o600);
  });

  test('a symbolic link is refused, and with --force replaced, never followed', async () => {
    const target = path.join(dir, 'victim.txt');
    writeFileSync(target, 'precious');
    const link = path.join(dir, 'link.md');
    symlinkSync(target, link);
    const r = await runCli(['export', id, '-o', link, ...trees, '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    const forced = await runCli(['export', id, '-o', link, '--force', ...trees, '--data-dir', dir]);
    expect(forced.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(existsSync(link)).toBe(true);
  });
});
