// The parsed-tree cache holds diagnostic excerpts of every file --trees reads: private like the
// data folder (0700 folders, 0600 files), also when an older version left it world-readable.
import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildTreeCache } from '../../src/tree/tree-cache.js';

const mode = (p: string) => statSync(p).mode & 0o777;

test.skipIf(process.platform === 'win32')('cache folders are 0700 and entries 0600, even in a folder made 0755 before', () => {
  const base = path.join(mkdtempSync(path.join(os.tmpdir(), 'eas-cache-mode-')), 'trees');
  mkdirSync(base, { mode: 0o755 });
  const cache = buildTreeCache(base, 'build1');
  cache.set('k1', { diagnostics: [{ code: 'YAML_SYNTAX', severity: 'error', file: '/etc/secret.yaml', line: 1, column: 1, message: 'a line of the file' }] });
  expect(mode(base)).toBe(0o700);
  expect(mode(path.join(base, 'build1'))).toBe(0o700);
  const files = readdirSync(path.join(base, 'build1'));
  expect(files).toEqual(['k1.json']);
  expect(mode(path.join(base, 'build1', 'k1.json'))).toBe(0o600);
  expect(cache.get('k1')?.diagnostics[0]?.file).toBe('/etc/secret.yaml');
});
