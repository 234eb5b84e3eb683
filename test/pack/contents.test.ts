// What `npm pack` would ship, from its --dry-run --json listing: the bundle, the trees, the
// schemas and the README; nothing that only one Node version can use except the build's V8
// code cache, which the launcher does without (and replaces with its own) when it does not fit.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';
import { root } from '../helpers/cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let files: string[] = [];

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, env: { ...process.env, npm_config_update_notifier: 'false' } });
  files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path).sort();
}, 60_000);

/** Every file the package may hold, and why. */
const ALLOWED: Array<[RegExp, string]> = [
  [/^(README\.md|package\.json)$/, 'the package itself'],
  [/^dist\/(cli\.js|app\.cjs|tree-seed\.json)$/, 'the bin, the bundle, the bundled trees parsed at build time'],
  [/^dist\/chunks\/[\w-]+\.js$/, 'worker threads'],
  [/^dist\/app\.cjs\.v\d+\.\d+\.\d+-\w+\.v8$/, "the build's V8 code cache: an optional speed-up for the build's Node version"],
  [/^trees\/[a-z0-9-]+(\.test)?\.yaml$/, 'the shipped trees and their tests'],
  [/^schema\/[a-z0-9-]+\.schema\.json$/, 'JSON Schemas for editors and for --json output'],
];

test('every packed file is one the package needs', () => {
  expect(files.filter((f) => !ALLOWED.some(([re]) => re.test(f)))).toEqual([]);
  for (const f of ['dist/cli.js', 'dist/app.cjs', 'dist/tree-seed.json', 'trees/triage.yaml', 'schema/tree.schema.json', 'README.md']) expect(files).toContain(f);
});

test('one file only is for one Node version: the optional code cache', () => {
  const versioned = files.filter((f) => /v\d+\.\d+\.\d+/.test(f));
  expect(versioned).toEqual([`dist/app.cjs.${process.version}-${process.arch}.v8`]);
  // The launcher reads it inside a try, and V8 checks it: another Node compiles as usual and
  // writes a cache of its own (test/pack/launcher.test.ts runs a copy with it damaged).
  const launcher = readFileSync(path.join(root, 'scripts', 'launcher.mjs'), 'utf8');
  expect(launcher).toMatch(/try \{\n\s+cachedData = readFileSync\(fileURLToPath\(new URL\(`\.\/app\.cjs\.\$\{process\.version\}-\$\{process\.arch\}\.v8`/);
});

test('no runtime dependencies: the bundle holds everything it loads', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  expect(pkg.dependencies ?? {}).toEqual({});
  // What the bundle requires is Node's own, or optional and guarded (Ink's devtools with DEV=true, ws's native helpers).
  const bundle = readFileSync(path.join(root, 'dist', 'app.cjs'), 'utf8');
  const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!).filter((m) => !m.startsWith('node:') && !m.startsWith('.')));
  const optional = ['bufferutil', 'react-devtools-core', 'utf-8-validate'];
  expect([...required].filter((m) => !builtinModules.includes(m) && !optional.includes(m))).toEqual([]);
});
