// The ranking rules a helpdesk relies on, on two small trees (test/fixtures/trees/search):
// exact tokens, numbers that stay whole, words that stay whole, typos and word forms, stop
// words, node targets and the line that says what matched.
import { beforeAll, describe, expect, test } from 'vitest';
import { buildSearchIndex, type SearchIndex } from '../../src/search/search.js';
import { queryWords, termsOf, tokenize } from '../../src/search/terms.js';
import { loadFixtures } from '../helpers/load-trees.js';

let index: SearchIndex;
beforeAll(async () => {
  index = buildSearchIndex((await loadFixtures('trees/search')).set.trees.values());
});
const targets = (q: string) => index.search(q).map((r) => r.target);
const first = (q: string) => index.search(q)[0];

describe('terms', () => {
  test('codes stay whole; IIS Log= fields split at _; camel case adds its words', () => {
    expect(tokenize('Error:DeviceNotProvisioned_As:BlockedP 401.2 X-MS-Location 0x85010014.')).toEqual(['Error', 'DeviceNotProvisioned', 'As', 'BlockedP', '401.2', 'X-MS-Location', '0x85010014']);
    expect(termsOf('401.2')).toEqual(['401.2']);
    expect(termsOf('0x85010014')).toEqual(['0x85010014', '85010014']);
    expect(termsOf('X-MS-Location')).toEqual(expect.arrayContaining(['x-ms-location', 'location']));
    expect(termsOf('DeviceNotProvisioned')).toEqual(expect.arrayContaining(['devicenotprovisioned', 'device', 'provisioned', 'provis']));
    expect(termsOf('DeviceNotProvisioned')).not.toContain('not');
  });

  test('stop words drop out of a query; each word counts once', () => {
    expect(queryWords('Is the device not provisioned? The device!').map((w) => w.term)).toEqual(['device', 'provisioned']);
    // Nothing left to search for reads as an empty query: every tree, by title.
    expect(index.search('the of and is it')).toEqual(index.search(''));
  });
});

describe('ranking', () => {
  test('an exact code on a node beats a tree that says the same words', () => {
    expect(first('0x85010014')).toMatchObject({ target: 'sync#fix-mapping', kind: 'fix', matched: { field: 'symptom', text: '0x85010014' } });
    expect(first('DeviceNotProvisioned')?.target).toBe('sync#fix-mapping');
    // "provisioning" stands in the password tree's fix text; the exact token wins.
    expect(targets('DeviceNotProvisioned')).toContain('password#fix-domain');
    expect(first('X-MS-Location')?.target).toBe('sync#redirect');
  });

  test('a status code leads to the node that handles it, not to a tree that mentions it', () => {
    expect(first('451')).toMatchObject({ target: 'sync#redirect', title: 'Is the server named in the redirect reachable from the internet?', treeTitle: 'The device does not sync', matched: { field: 'symptom', text: '451' } });
  });

  test('numbers never match inside other numbers', () => {
    // The sync tree says 401.2; a plain 401 belongs to the password tree.
    expect(first('401')?.tree).toBe('password');
    expect(targets('401')).not.toContain('sync#fix-mapping');
    // The sync tree's first question has 401.2 as an answer; its fix explains it.
    expect(targets('401.2')).toEqual(['sync', 'sync#fix-mapping']);
    expect(targets('45')).toEqual([]);
  });

  test('a word never matches inside another word', () => {
    // "direct" stands only in fix-clear's text; "redirect" everywhere else.
    expect(targets('direct ')).toEqual(['sync#fix-clear']);
    expect(targets('redirect ')).not.toContain('sync#fix-clear');
    expect(targets('redirect ')[0]).toBe('sync#redirect');
  });

  test('typos and other forms of a word still match', () => {
    expect(first('pasword')?.tree).toBe('password');
    expect(targets('redirected')).toContain('sync#redirect');
    expect(first('provisioning ')?.target).toBe('sync#fix-mapping');
    expect(first('locked accounts')?.target).toBe('password#fix-locked');
  });

  test('a word matches as a beginning while it is typed', () => {
    expect(first('pas')?.tree).toBe('password');
    expect(first('unlo')?.target).toBe('password#fix-locked');
  });

  test('the words of a pasted sentence count, the stop words do not', () => {
    expect(first('Hello, the user says that the account is locked out since this morning')?.target).toBe('password#fix-locked');
  });

  test("a tree's start is the tree; escalations are not targets", () => {
    expect(index.has('sync')).toBe(true);
    expect(index.has('sync#log')).toBe(false);
    expect(index.has('sync#ask-tier2')).toBe(false);
    expect(first('Error tokens Log= field')?.target).toBe('sync');
  });

  test('what matched reads placeholders as <name>, as eas-doctor list does', () => {
    expect(first('Error tokens')).toMatchObject({ target: 'sync', matched: { field: 'text', text: 'Look for the status and the Error tokens in the Log= field of the IIS log.' } });
    // A long text is cut around the word that matched.
    const why = index.search('provisioning ').find((r) => r.target === 'password#fix-domain')!.matched;
    expect(why.field).toBe('text');
    expect(why.text).toMatch(/^….*provisioning.*$/);
    expect(why.text.length).toBeLessThanOrEqual(82);
    expect(first('show ')).toMatchObject({ target: 'sync', matched: { field: 'text', text: 'What does the IIS log show for <user> on <host>?' } });
  });

  test('an empty query lists every tree by title', () => {
    expect(index.search('').map((r) => r.target)).toEqual(['password', 'sync']);
    expect(index.search('  ', { limit: 1 })).toHaveLength(1);
  });
});
