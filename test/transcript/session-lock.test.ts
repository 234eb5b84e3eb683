// The session lock on the real file system: a second walker is refused with the holder's pid,
// a lock left by a process that is gone is taken over, and releasing frees the session.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { acquireSessionLock, SessionLockedError } from '../../src/transcript/session-lock.js';
import { openSessionStore, type StoreDeps } from '../../src/transcript/store.js';
import { compileFixtures } from '../helpers/load-trees.js';

const compiled = await compileFixtures('trees/sample');
const dirs: string[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'eas-lock-'));
  dirs.push(d);
  return d;
};
/** A process that is running for the whole test. */
const livePid = () => {
  const c = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
};
/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout.trim();
const host = os.hostname();

describe('session lock', () => {
  test('a lock held by a running process is refused, naming its pid and host', () => {
    const file = path.join(tmp(), 'S1.lock');
    const pid = livePid();
    fs.writeFileSync(file, JSON.stringify({ pid, host, at: 1_700_000_000_000 }));
    let err: unknown;
    try {
      acquireSessionLock('S1', file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SessionLockedError);
    expect((err as Error).message).toContain(`pid ${pid} on ${host}`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(pid);
  });

  test('a lock left by a process that is gone is taken over; release frees it', () => {
    const file = path.join(tmp(), 'S1.lock');
    fs.writeFileSync(file, JSON.stringify({ pid: Number(deadPid()), host, at: 1 }));
    const lock = acquireSessionLock('S1', file);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, host });
    // While held, another process is refused with our pid.
    expect(() => acquireSessionLock('S1', file, { pid: 4242 })).toThrow(`pid ${process.pid} on ${host}`);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    acquireSessionLock('S1', file, { pid: 4242 }).release();
  });

  test('a lock from another host counts as held (its pid cannot be checked from here)', () => {
    const file = path.join(tmp(), 'S1.lock');
    fs.writeFileSync(file, JSON.stringify({ pid: Number(deadPid()), host: 'other-host', at: 1 }));
    expect(() => acquireSessionLock('S1', file)).toThrow('on other-host');
  });

  test('the store locks a session it creates or resumes until released', async () => {
    const dataDir = tmp();
    const deps: StoreDeps = { compiled, catalog: probeCatalog, runner: async () => ({ classification: 'refused', summary: 'refused', evidence: {}, durationMs: 1 }), now: Date.now, newId: () => 'S1' };
    const mine = openSessionStore({ dataDir });
    const s = await mine.create(deps, { tree: 'net' });
    s.answer('yes');
    const lockFile = path.join(dataDir, 'sessions', 'S1.lock');
    expect(fs.existsSync(lockFile)).toBe(true);
    // Another process (its pid told to the store) cannot resume it meanwhile, not even a dry run's walk.
    const other = openSessionStore({ dataDir, lock: { pid: livePid() } });
    await expect(other.resume('S1', deps)).rejects.toThrow(`pid ${process.pid}`);
    expect((await other.resume('S1', deps, { dryRun: true })).action).toBe('continue');
    mine.release();
    expect(fs.existsSync(lockFile)).toBe(false);
    const r = await other.resume('S1', deps);
    r.session.input('host', 'h.example');
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).not.toBe(process.pid);
    other.release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
