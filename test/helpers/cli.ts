// Runs the real built CLI (dist/cli.js, made by `npm run build`) as a child process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const bin = path.join(root, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One cache folder for this test process: parsed trees and code caches stay out of the real home. */
const cacheHome = mkdtempSync(path.join(tmpdir(), 'eas-cache-'));

/** A fresh data folder, so tests never touch the real home. */
export function tempHome(): string {
  return mkdtempSync(path.join(tmpdir(), 'eas-home-'));
}

/** Spawns `node dist/cli.js ...args`, feeding `input` on stdin; resolves when it exits. */
export function runCli(args: string[], opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd ?? root,
      // EAS_DOCTOR_RESOLVER: a probe a test runs by accident asks a loopback port, never the machine's DNS server.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, EAS_DOCTOR_HOME: tempHome(), XDG_CACHE_HOME: cacheHome, NO_COLOR: '1', EAS_DOCTOR_RESOLVER: '127.0.0.1:9', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A command that exits before reading its input closes the pipe: that is not a test failure.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** Builds dist/ when it is missing (`npm test` builds first; a single test file run may not have). */
export function ensureBuilt(): void {
  if (existsSync(bin)) return;
  const b = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stderr}`);
}
