// The bin (dist/cli.js, scripts/launcher.mjs) runs dist/app.cjs from a V8 code cache: one file
// per command, written when a run ends, used by the next; a cache V8 rejects (damaged, or made
// by another Node) is replaced, and EAS_DOCTOR_NO_CACHE writes none. Before a command has a
// cache of its own, it starts from the one the build made (dist/app.cjs.NODE-ARCH.v8).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { bin, root, runCli } from '../helpers/cli.js';

beforeAll(() => {
  if (!existsSync(bin) || !existsSync(path.join(root, 'dist', 'app.cjs'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
}, 120_000);

const cacheIn = (home: string) => path.join(home, 'eas-doctor', 'v8');
const files = (home: string) => (existsSync(cacheIn(home)) ? readdirSync(cacheIn(home)).sort() : []);

describe('the code cache', () => {
  test('the first run of a command writes its cache, the next uses it with the same result', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'eas-v8-'));
    const first = await runCli(['validate'], { env: { XDG_CACHE_HOME: cache } });
    expect(first.code).toBe(0);
    expect(files(cache)).toEqual([expect.stringMatching(/^validate-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.bin$/)]);
    const made = statSync(path.join(cacheIn(cache), files(cache)[0]!)).mtimeMs;
    const second = await runCli(['validate'], { env: { XDG_CACHE_HOME: cache } });
    expect(second).toEqual(first);
    // Accepted, so not written again.
    expect(statSync(path.join(cacheIn(cache), files(cache)[0]!)).mtimeMs).toBe(made);

    // A scripted walk has a cache of its own, apart from the wizard's ("run").
    const walk = await runCli(['run', 'triage', '--answers', '-'], { input: 'onprem-older\nother\n', env: { XDG_CACHE_HOME: cache } });
    expect(walk.stdout).toContain('Session ');
    expect(files(cache).map((f) => f.split('-')[0])).toEqual(['run', 'validate']);
    expect(files(cache)[0]).toMatch(/^run-answers-/);
  });

  test('a damaged cache is rejected by V8 and replaced; the run is not affected', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'eas-v8-'));
    const good = await runCli(['list'], { env: { XDG_CACHE_HOME: cache } });
    const [name] = files(cache);
    const file = path.join(cacheIn(cache), name!);
    const bytes = readFileSync(file);
    for (const damaged of [Buffer.from('not a code cache'), bytes.subarray(0, bytes.length >> 1)]) {
      writeFileSync(file, damaged);
      const again = await runCli(['list'], { env: { XDG_CACHE_HOME: cache } });
      expect(again).toEqual(good);
      const now = readFileSync(file);
      expect(now.equals(damaged)).toBe(false);
      expect(now.length).toBeGreaterThan(10_000);
    }
  });

  test("writing a command's cache removes that command's caches of other builds, and only those", async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'eas-v8-'));
    mkdirSync(cacheIn(cache), { recursive: true });
    const stale = ['validate-0123456789abcdef-v20.0.0-x64.bin', 'validate-0123456789abcdef-v20.0.0-x64.bin.4242.tmp'];
    const kept = ['list-0123456789abcdef-v20.0.0-x64.bin', 'run-answers-0123456789abcdef-v20.0.0-x64.bin', 'notes.txt'];
    for (const f of [...stale, ...kept]) writeFileSync(path.join(cacheIn(cache), f), 'old');
    expect((await runCli(['validate'], { env: { XDG_CACHE_HOME: cache } })).code).toBe(0);
    const now = files(cache);
    for (const f of stale) expect(now).not.toContain(f);
    for (const f of kept) expect(now).toContain(f);
    expect(now.filter((f) => f.startsWith('validate-'))).toHaveLength(1);
  });

  test('--version, --help, usage errors and EAS_DOCTOR_NO_CACHE write no cache', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'eas-v8-'));
    expect((await runCli(['--version'], { env: { XDG_CACHE_HOME: cache } })).code).toBe(0);
    expect((await runCli(['validate', '--help'], { env: { XDG_CACHE_HOME: cache } })).code).toBe(0);
    expect((await runCli(['validatee'], { env: { XDG_CACHE_HOME: cache } })).code).toBe(2);
    expect((await runCli(['validate'], { env: { XDG_CACHE_HOME: cache, EAS_DOCTOR_NO_CACHE: '1' } })).code).toBe(0);
    expect(files(cache)).toEqual([]);
  });

  test("the build's code cache is one this Node takes; a damaged one only costs speed", async () => {
    const seed = path.join(root, 'dist', `app.cjs.${process.version}-${process.arch}.v8`);
    expect(statSync(seed).size).toBeGreaterThan(100_000);
    // Asked of a plain node, as the bin runs (a test runner's flags would make V8 refuse it).
    const check = `const vm = require('node:vm'), fs = require('node:fs');
const s = new vm.Script(fs.readFileSync(process.argv[1], 'utf8'), { cachedData: fs.readFileSync(process.argv[2]) });
process.stdout.write(String(s.cachedDataRejected));`;
    expect(execFileSync(process.execPath, ['-e', check, path.join(root, 'dist', 'app.cjs'), seed], { encoding: 'utf8' })).toBe('false');

    // A copy of the build with its seed damaged: the same output, and the run writes its own cache.
    const copy = path.join(mkdtempSync(path.join(tmpdir(), 'eas-dist-')), 'dist');
    cpSync(path.join(root, 'dist'), copy, { recursive: true });
    writeFileSync(path.join(copy, path.basename(seed)), 'not a code cache');
    const env = (cache: string) => ({ ...process.env, XDG_CACHE_HOME: cache, EAS_DOCTOR_HOME: mkdtempSync(path.join(tmpdir(), 'eas-home-')), NO_COLOR: '1' });
    const cache = mkdtempSync(path.join(tmpdir(), 'eas-v8-'));
    const damaged = execFileSync(process.execPath, [path.join(copy, 'cli.js'), 'list'], { encoding: 'utf8', env: env(cache) });
    expect(damaged).toBe(execFileSync(process.execPath, [bin, 'list'], { encoding: 'utf8', env: env(mkdtempSync(path.join(tmpdir(), 'eas-v8-'))) }));
    expect(files(cache)).toEqual([expect.stringMatching(/^list-/)]);
  });
});
