// A byte range split off a file while another thread reads before it looks back for the
// #Fields: line in force where it starts (scan-task.ts, lastFieldsBefore).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { lastFieldsBefore } from '../../src/evidence/scan-task.js';
import { tempDir } from './helpers.js';

const MiB = 1024 * 1024;

/** A file of `size` bytes of filler lines with `#Fields:` lines at the given offsets. */
function fileWith(size: number, directives: Record<number, string>): string {
  const bytes = Buffer.alloc(size, 'x');
  for (let i = 99; i < size; i += 100) bytes[i] = 10;
  for (const [at, fields] of Object.entries(directives)) {
    const text = `#Fields: ${fields}\r\n`;
    bytes[Number(at) - 1] = 10;
    bytes.write(text, Number(at), 'latin1');
  }
  const file = path.join(tempDir(), 'range.log');
  writeFileSync(file, bytes);
  return file;
}

describe('lastFieldsBefore', () => {
  test('finds the last directive before the range start, also one across two 1 MiB read steps', () => {
    const file = fileWith(5 * MiB, { 1000: 'date time a', [2 * MiB + 4]: 'date time b', [4 * MiB + 10]: 'date time c' });
    expect(lastFieldsBefore(file, 3 * MiB, 0)).toBe('date time b');
    expect(lastFieldsBefore(file, 2 * MiB + 4, 0)).toBe('date time a');
    expect(lastFieldsBefore(file, 5 * MiB - 1, 0)).toBe('date time c');
  });

  test('a directive that starts just before the range and runs into it counts', () => {
    const file = fileWith(2 * MiB, { [MiB - 4]: 'date time d' });
    expect(lastFieldsBefore(file, MiB, 0)).toBe('date time d');
    expect(lastFieldsBefore(file, MiB - 4, 0)).toBeUndefined();
  });

  test('looks no further back than its bound, and ignores #Fields: inside a line', () => {
    const file = fileWith(3 * MiB, { 500: 'date time e' });
    expect(lastFieldsBefore(file, 2 * MiB, 1000)).toBeUndefined();
    expect(lastFieldsBefore(file, 2 * MiB, 0)).toBe('date time e');
    const inLine = fileWith(MiB, {});
    const bytes = Buffer.from('2024-05-01 00:00:00 x #Fields: date time f\r\n', 'latin1');
    writeFileSync(inLine, Buffer.concat([bytes, Buffer.alloc(MiB, 'x')]));
    expect(lastFieldsBefore(inLine, MiB, 0)).toBeUndefined();
  });
});
