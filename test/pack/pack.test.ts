// What a user installs: `npm pack`, the tarball installed into an empty folder with the real
// npm (dependencies from the registry, no devDependencies, so nothing can be built there),
// then the installed bin run through npx: --version, validate, a scripted walk, and the code
// cache. Slow (an npm install), so the timeouts are generous.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { root } from '../helpers/cli.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

const work = mkdtempSync(path.join(tmpdir(), 'eas-pack-'));
const app = path.join(work, 'app');
const home = path.join(work, 'home');
const cache = path.join(work, 'cache');
let packed: string[] = [];

/** npm and npx with this test's folders; CI variables are kept (npm reads them), colour off. */
const env = { ...process.env, EAS_DOCTOR_HOME: home, XDG_CACHE_HOME: cache, NO_COLOR: '1', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

beforeAll(async () => {
  // The suite's build (npm test builds first) is what gets packed; scripts are skipped so
  // packing does not rebuild dist/ under other tests that are running it.
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, env });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info!.files.map((f) => f.path).sort();
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await run(npm, ['install', '--no-audit', '--no-fund', path.join(work, info!.filename)], { cwd: app, env, timeout: 280_000 });
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const eas = (args: string[], input?: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(npx, ['--no-install', 'eas-doctor', ...args], { cwd: app, env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });

describe('the npm package', () => {
  test('ships the bundle, the trees, the schemas and the README, and no sources or tests', () => {
    for (const f of ['README.md', 'package.json', 'dist/cli.js', 'dist/app.cjs', 'dist/chunks/tree-load-worker.js', 'dist/chunks/log-scan-worker.js', 'dist/tree-seed.json', 'trees/triage.yaml', 'trees/triage.test.yaml', 'schema/tree.schema.json']) {
      expect(packed).toContain(f);
    }
    expect(packed.filter((f) => /^(src|test|bench|scripts|node_modules)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
  });

  test('installs from the tarball without building anything', () => {
    const installed = path.join(app, 'node_modules', 'eas-doctor');
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'package.json', 'schema', 'trees']);
    // One package: the bundle needs no dependency at run time.
    expect(readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['eas-doctor']);
    expect(existsSync(path.join(app, 'node_modules', '.bin', 'eas-doctor'))).toBe(true);
  });

  test('npx eas-doctor --version', async () => {
    const r = await eas(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  test('npx eas-doctor validate: the shipped trees are clean', async () => {
    const r = await eas(['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ tree\(s\): 0 error\(s\)/);
    // The trees parsed at build time (dist/tree-seed.json) held every file: nothing was parsed
    // in the installed folder, so nothing went into the user's tree cache.
    expect(existsSync(path.join(cache, 'eas-doctor', 'trees'))).toBe(false);
  });

  test('npx eas-doctor run TREE --answers -: a scripted walk to a fix, then the code cache is used', async () => {
    const walk = () => eas(['run', 'triage', '--answers', '-'], 'onprem-older\ncannot-connect\nno\nno\n');
    const first = await walk();
    // npm may warn about its own configuration; eas-doctor itself prints nothing there.
    expect(first.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'))).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('FIX connectivity#fix-device-internet: Get the device online');
    expect(readdirSync(path.join(cache, 'eas-doctor', 'v8')).some((f) => f.startsWith('run-answers-'))).toBe(true);
    const second = await walk();
    expect(second.code).toBe(0);
    expect(second.stdout.replace(/\d{8}-\w+/g, 'ID')).toBe(first.stdout.replace(/\d{8}-\w+/g, 'ID'));
  });
});
