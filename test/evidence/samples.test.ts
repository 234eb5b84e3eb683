// Sample lines: the evidence a story quotes. A scan of a plain file keeps where each sample
// line is; the text is read when a story is told, and must be the file's line, whole or cut.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { buildStories, findStory, scanFiles, tellStory } from '../../src/evidence/index.js';
import { line, logText, writeLogs, type Req } from './helpers.js';

const at = (i: number) => `10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;

/** Alice syncs, Bob fails with 449 after a success, Carol gets 401s. */
function requests(): Req[] {
  const reqs: Req[] = [];
  for (let i = 0; i < 20; i++) {
    reqs.push({ at: at(i), user: 'alice' });
    reqs.push(i === 0 ? { at: at(i), user: 'bob' } : { at: at(i), user: 'bob', status: 449, log: 'Error:DeviceNotProvisioned_As:BlockedP_' });
    reqs.push({ at: at(i), user: 'carol', status: 401 });
  }
  return reqs;
}

/** The file's lines, 1-based like positions. */
const linesOf = (file: string) => readFileSync(file, 'latin1').split('\r\n');

describe('sample lines', () => {
  test('a story quotes the lines of the file at the line numbers it gives', async () => {
    const [file] = writeLogs({ 'u_ex240501.log': logText(requests()) });
    const scan = await scanFiles([file!]);
    const stories = buildStories(scan);
    const lines = linesOf(file!);
    for (const user of ['bob', 'carol']) {
      const story = findStory(stories, { user });
      expect(story.samples.length).toBeGreaterThan(0);
      for (const s of story.samples) expect(s.text).toBe(lines[s.line - 1]);
    }
    // The list of failing users tells the same story.
    const told = tellStory(stories.users.find((u) => u.id === 'carol')!);
    expect(told.samples.map((s) => s.text)).toEqual(findStory(stories, { user: 'carol' }).samples.map((s) => s.text));
  });

  test('a line longer than 1000 bytes is quoted cut, ending in an ellipsis', async () => {
    const reqs = requests();
    // Bob's first failure is the long line: it is his 449 sample.
    const first449 = reqs.findIndex((r) => r.user === 'bob' && r.status === 449);
    reqs[first449] = { ...reqs[first449]!, log: `Error:DeviceNotProvisioned_As:BlockedP_Fet:${'9'.repeat(1200)}_` };
    const long = line(reqs[first449]!);
    expect(long.length).toBeGreaterThan(1000);
    for (const [name, body] of [['plain.log', logText(reqs)], ['zipped.log', gzipSync(logText(reqs))]] as const) {
      const [file] = writeLogs({ [name]: body });
      const story = findStory(buildStories(await scanFiles([file!])), { user: 'bob' });
      const quoted = story.samples.find((s) => s.text.includes('DeviceNotProvisioned'));
      expect(quoted?.text, name).toBe(`${long.slice(0, 1000)}…`);
    }
  });

  test('UTF-8 in a sample line is quoted as written', async () => {
    const reqs: Req[] = [{ at: at(0), user: 'zoe', status: 401, name: 'DOMAIN\\zoë' }];
    const [file] = writeLogs({ 'u_ex240501.log': logText(reqs) });
    const story = findStory(buildStories(await scanFiles([file!])), { user: 'zoe' });
    expect(story.samples[0]?.text).toBe(line(reqs[0]!));
  });
});
