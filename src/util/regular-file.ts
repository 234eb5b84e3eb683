// Reading a file that must be a regular one (a journal, an answers file) without ever blocking
// on something else: opening a FIFO for reading waits for a writer, and a wizard stuck there in
// a synchronous call answers neither Ctrl-C nor SIGTERM. O_NONBLOCK makes the open return at
// once; fstat on the open descriptor then says what it is, with no race between check and read.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

/** What a non-regular file is, in words ("a named pipe (FIFO)"). */
export function kindOf(st: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** Thrown for a path that exists but is not a regular file. */
export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError';
  readonly code = 'ENOTREGULAR';
  constructor(
    readonly file: string,
    readonly kind: string,
  ) {
    super(`"${file}" is ${kind}, not a regular file`);
  }
}

/** The file system calls `openRegularSync` makes (tests pass their own to swap a file between calls). */
export interface OpenFs {
  openSync(file: string, flags: number): number;
  fstatSync(fd: number): Stats;
  closeSync(fd: number): void;
}

const realFs: OpenFs = { openSync, fstatSync, closeSync };

/**
 * Opens `file` for reading if it is a regular file (symlinks followed), with what it is: one
 * open that cannot block (O_NONBLOCK: a FIFO's open would wait for a writer) and an fstat of
 * that descriptor. A check by path before the open could be answered by one file and the open
 * by another put in its place. Regular files read as usual with the flag set. Throws
 * NotRegularFileError (descriptor closed) for anything else, the open's error if it fails.
 */
export function openRegularSync(file: string, fs: OpenFs = realFs): { fd: number; stat: Stats } {
  // O_NONBLOCK is not on Windows, where FIFOs are not files in a folder anyway.
  const fd = fs.openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  let stat: Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw new NotRegularFileError(file, kindOf(stat));
  }
  return { fd, stat };
}

/** The text of `file`, which must be a regular file (symlinks followed); never blocks on a FIFO or device. */
export function readRegularFileSync(file: string): string {
  const { fd } = openRegularSync(file);
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
