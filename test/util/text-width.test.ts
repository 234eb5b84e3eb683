// Tables pad by terminal columns: a ticket in Japanese takes two columns a character.
import { expect, test } from 'vitest';
import { padEnd, widthOf } from '../../src/util/text-width.js';
import { cli } from '../helpers/main.js';
import { tempHome } from '../helpers/cli.js';

test.for([
  ['INC-1', 5],
  ['障害-1', 6],
  ['café', 4],
  ['e\u0301', 1],
  ['📱', 2],
] as const)('%s is %i columns', ([s, w]) => {
  expect(widthOf(s)).toBe(w);
  expect(widthOf(padEnd(s, 8))).toBe(8);
});

test('sessions: a wide ticket keeps the columns after it aligned', async () => {
  const env = { EAS_DOCTOR_HOME: tempHome() };
  await cli(['run', 'net', '--answers', '-', '--journal', '--ticket', '障害-4711'], env, 'no\n');
  await cli(['run', 'net', '--answers', '-', '--journal', '--ticket', 'INC-1'], env, 'no\n');
  const lines = (await cli(['sessions'], env)).stdout.split('\n').filter((l) => /INC-1|障害|TICKET/.test(l));
  expect(lines).toHaveLength(3);
  // STARTED begins at the same terminal column on every line.
  const column = (l: string) => widthOf(l.slice(0, l.search(/STARTED|\d{4}-\d\d-\d\d /)));
  expect(new Set(lines.map(column)).size).toBe(1);
});
