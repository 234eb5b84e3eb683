import { PassThrough, Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { readSecret } from '../../src/cli/commands/probe.js';

/** A fake terminal: stdin that says it is a TTY, stderr captured. */
function terminal(env: Record<string, string> = {}) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[], setRawMode(mode: boolean) {
    this.rawModes.push(mode);
    return this;
  } });
  let shown = '';
  const stderr = new Writable({ write(chunk, _enc, cb) {
    shown += String(chunk);
    cb();
  } });
  const io = { stdin, stdout: new PassThrough(), stderr, env, cwd: '/', now: Date.now } as unknown as CliIO;
  return { io, stdin, shown: () => shown };
}

describe('masked password prompt', () => {
  test('echoes * per character, handles backspace, restores the terminal', async () => {
    const t = terminal();
    const p = readSecret(t.io, 'Password for jdoe: ', 'EAS_DOCTOR_PASSWORD');
    t.stdin.write('s3crx\u007fet\r');
    expect(await p).toBe('s3cret');
    expect(t.shown()).toBe('Password for jdoe: *****\b \b**\n');
    expect(t.stdin.rawModes).toEqual([true, false]);
  });

  test('Ctrl-C cancels', async () => {
    const t = terminal();
    const p = readSecret(t.io, 'Password: ', 'EAS_DOCTOR_PASSWORD');
    t.stdin.write('ab\u0003');
    await expect(p).rejects.toThrow('cancelled');
    expect(t.stdin.rawModes).toEqual([true, false]);
  });

  test('the environment variable wins, for automation', async () => {
    const t = terminal({ EAS_DOCTOR_PASSWORD: 'from-env' });
    expect(await readSecret(t.io, 'Password: ', 'EAS_DOCTOR_PASSWORD')).toBe('from-env');
    expect(t.shown()).toBe('');
  });

  test('no terminal and no variable: undefined (the command then says how to give one)', async () => {
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: '/', now: Date.now } as unknown as CliIO;
    expect(await readSecret(io, 'Password: ', 'EAS_DOCTOR_PASSWORD')).toBeUndefined();
  });
});
