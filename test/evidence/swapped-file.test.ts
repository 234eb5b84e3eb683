// A log listed as a regular file and swapped for a FIFO before it is opened (issue 18, item 7):
// the reader opens each path once without blocking and asks that descriptor what it is, so
// the swap is refused at once instead of waiting for a writer that never comes.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, fstatSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { LogReadError, resolveInputs, scanFiles } from '../../src/evidence/index.js';
import { runTask } from '../../src/evidence/scan-task.js';
import { NotRegularFileError, openRegularSync, type OpenFs } from '../../src/util/regular-file.js';
import { logText, tempDir } from './helpers.js';

const fifoOk = (() => {
  try {
    const d = tempDir();
    execFileSync('mkfifo', [path.join(d, 'probe')]);
    return true;
  } catch {
    return false;
  }
})();

/** A folder with one log, u_ex240501.log, and a FIFO beside it (to move over the log). */
function logAndFifo(): { log: string; fifo: string } {
  const dir = tempDir();
  const log = path.join(dir, 'u_ex240501.log');
  writeFileSync(log, logText([{ at: '10:00:00', user: 'alice' }]));
  const fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  return { log, fifo };
}

describe.skipIf(!fifoOk)('a log swapped for a FIFO after it was listed', () => {
  test('scanFiles refuses it at once, naming the FIFO, instead of hanging', async () => {
    const { log, fifo } = logAndFifo();
    const { files, problems } = await resolveInputs([log], path.dirname(log));
    expect(problems).toEqual([]);
    renameSync(fifo, log);
    const started = Date.now();
    const err = await scanFiles(files).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LogReadError);
    expect((err as LogReadError).message).toBe(`"${log}" is a named pipe (FIFO), not a log file: give IIS log files (.log, or .gz of one); eas-doctor does not read pipes or devices`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('swapped between the listing and the read of a range: a warning for that file, the read does not block', async () => {
    const { log, fifo } = logAndFifo();
    renameSync(fifo, log);
    const r = await runTask({ id: 0, file: log, label: 'u_ex240501.log', gzip: false, start: 0, end: -1 });
    expect(r.warnings).toEqual(['u_ex240501.log: it is now a named pipe (FIFO), not a regular file (replaced after it was listed?); it was not read']);
    expect(r.part.requests).toBe(0);
  });
});

describe('openRegularSync', () => {
  test.skipIf(!fifoOk)('one open without blocking, then the fstat of that descriptor decides: a path swapped for a FIFO just before the open is refused', () => {
    const { log, fifo } = logAndFifo();
    const calls: string[] = [];
    // An fs that swaps the path for a FIFO right before the open: the open gets the FIFO,
    // and only what is checked on the descriptor can notice.
    const fs: OpenFs = {
      openSync: (file, flags) => {
        calls.push(`open ${(flags & constants.O_NONBLOCK) !== 0 ? 'O_NONBLOCK' : 'blocking'}`);
        renameSync(fifo, file);
        return openSync(file, flags);
      },
      fstatSync: (fd) => {
        calls.push('fstat');
        return fstatSync(fd);
      },
      closeSync: (fd) => {
        calls.push('close');
        closeSync(fd);
      },
    };
    expect(() => openRegularSync(log, fs)).toThrow(NotRegularFileError);
    expect(calls).toEqual(['open O_NONBLOCK', 'fstat', 'close']);
    unlinkSync(log);
  });

  test('a regular file: its descriptor and stat, the descriptor reads as usual', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.log');
    writeFileSync(file, 'hello');
    const { fd, stat } = openRegularSync(file);
    try {
      expect(stat.size).toBe(5);
      const b = Buffer.alloc(8);
      expect(b.toString('utf8', 0, readSync(fd, b, 0, 8, 0))).toBe('hello');
    } finally {
      closeSync(fd);
    }
  });
});
