import { describe, expect, test, vi } from 'vitest';
import { buildSearchIndex } from '../../src/search/search.js';
import type { Tree } from '../../src/tree/types.js';
import { startItems, startReducer, StartScreen } from '../../src/ui/start/index.js';
import { loadFixtures } from '../helpers/load-trees.js';
import { KEY, renderUi } from './render.js';
import fs from 'node:fs';
import { storeSource } from '../../src/ui/sessions.js';
import { catalog, compiled, stopAtFixAndAtQuestion, stubRunner, tempStore } from '../transcript/fixture-session.js';

const trees = [
  { id: 'ssl', title: 'Certificate warnings', summary: 'The device warns about the server certificate.', symptoms: ['certificate error', 'untrusted server'] },
  { id: 'auth', title: 'The password is refused', summary: 'The user is asked for the password again and again.', symptoms: ['401 unauthorized', 'password prompt loops'] },
  { id: 'connectivity', title: 'The device cannot reach the server', summary: 'Checks the network path to Exchange.', symptoms: ['cannot connect to server', 'firewall'] },
  { id: 'triage', title: 'Not sure yet', summary: 'General questions that lead to the right tree.', symptoms: [] },
];
/** Trees with only the parts search reads at tree level (no nodes). */
const index = buildSearchIndex(trees.map((t) => ({ ...t, nodes: {}, start: '' }) as unknown as Tree));
const searchTrees = (_: unknown, q: string) => index.search(q);

describe('search', () => {
  test.for([
    ['a symptom word', 'certificate', 'ssl'],
    ['a typo', 'certifcate', 'ssl'],
    ['a prefix', 'unauth', 'auth'],
    ['a number from a symptom', '401', 'auth'],
    ['two words in different fields', 'connect firewall', 'connectivity'],
    ['a summary word', 'network', 'connectivity'],
    ['a title word', 'password', 'auth'],
  ] as const)('%s: "%s" finds %s first', ([, query, id]) => {
    expect(searchTrees(trees, query)[0]?.target).toBe(id);
  });

  test('a word that matches nothing does not hide the tree the other words find', () => {
    expect(searchTrees(trees, 'zebra')).toEqual([]);
    expect(searchTrees(trees, 'certificate zebra')[0]?.target).toBe('ssl');
  });

  test('shows the symptom that matched', () => {
    expect(searchTrees(trees, 'loops')[0]).toMatchObject({ matched: { field: 'symptom', text: 'password prompt loops' } });
  });

  test('an empty query lists every tree by title', () => {
    expect(searchTrees(trees, '').map((h) => h.target)).toEqual(['ssl', 'triage', 'connectivity', 'auth']);
  });
});

describe('start state', () => {
  test('typing resets the cursor; erase and clear edit the query', () => {
    let s = startReducer({ query: 'ce', cursor: 2 }, { type: 'type', text: 'r' });
    expect(s).toEqual({ query: 'cer', cursor: 0 });
    s = startReducer(s, { type: 'erase' });
    expect(s.query).toBe('ce');
    expect(startReducer(s, { type: 'clear' })).toEqual({ query: '', cursor: 0 });
    expect(startReducer({ query: '', cursor: 0 }, { type: 'move', by: -1, count: 3 }).cursor).toBe(2);
  });

  test('"Not sure" leads with an empty query and follows the hits otherwise; open sessions come last', () => {
    const recent = [{ id: 'S1', title: 'Certificate warnings', detail: '5 min ago' }];
    const empty = startItems({ index, query: '', recent, triage: 'triage', maxTrees: 8, maxRecent: 3 });
    expect(empty.map((i) => `${i.kind}:${i.id}`)).toEqual(['triage:triage', 'tree:ssl', 'tree:connectivity', 'tree:auth', 'resume:S1']);
    const typed = startItems({ index, query: 'cert', recent, triage: 'triage', maxTrees: 8, maxRecent: 3 });
    expect(typed.map((i) => `${i.kind}:${i.id}`)).toEqual(['tree:ssl', 'triage:triage', 'resume:S1']);
  });
});

describe('StartScreen', () => {
  test('the first screen, whole', () => {
    const ui = renderUi(<StartScreen index={index} triage="triage" recent={[{ id: '20261122-abc123', title: 'Certificate warnings', detail: 'ticket INC-1 · 5 min ago' }]} onStart={() => undefined} />);
    expect(ui.frame()).toMatchInlineSnapshot(`
      "eas-doctor — why will this phone not sync?
      Type what the user sees (e.g. "certificate", "401", "no mail"); Enter starts.

      Search:

      › Not sure — start the general triage
        Certificate warnings  The device warns about the server certificate.
        The device cannot reach the server  Checks the network path to Exchange.
        The password is refused  The user is asked for the password again and again.
      Resume an open session:
        Certificate warnings  20261122-abc123 · ticket INC-1 · 5 min ago

      ↑↓ move · Enter start · Esc clear · Ctrl-C quit"
    `);
  });

  test('a search and Enter in one chunk start the tree that search finds', async () => {
    const onStart = vi.fn();
    const ui = renderUi(<StartScreen index={index} triage="triage" onStart={onStart} />);
    await ui.press('firewall\r');
    await vi.waitFor(() => expect(onStart).toHaveBeenCalledWith(expect.objectContaining({ kind: 'tree', id: 'connectivity' })));
  });

  test('typing filters; Enter starts the highlighted tree; Esc clears', async () => {
    const onStart = vi.fn();
    const ui = renderUi(<StartScreen index={index} triage="triage" onStart={onStart} />);
    await ui.press('4', '0', '1');
    await ui.waitFor('Search: 401');
    expect(ui.frame()).toContain('› The password is refused  “401 unauthorized”');
    await ui.press(KEY.esc);
    await ui.waitFor(/Search: *\n/);
    await ui.press('zzzz');
    await ui.waitFor('No tree, question or fix matches "zzzz"');
    await ui.press(KEY.esc);
    await ui.waitFor('› Not sure');
    await ui.press(KEY.enter);
    expect(onStart).toHaveBeenCalledWith({ kind: 'triage', id: 'triage' });
  });

  test('a hit on a question says what matched and in which tree, and Enter starts the walk there', async () => {
    const pack = buildSearchIndex((await loadFixtures('trees/search')).set.trees.values());
    const onStart = vi.fn();
    const ui = renderUi(<StartScreen index={pack} onStart={onStart} />);
    await ui.press('X-MS-Location');
    // A long question keeps 60 % of the line, so what matched stays in view.
    await ui.waitFor('› Is the server named in the redirect reachable from the inte…  “X-MS-Location” · The device does n');
    await ui.press(KEY.enter);
    expect(onStart).toHaveBeenCalledWith(expect.objectContaining({ kind: 'tree', id: 'sync#redirect', tree: 'sync', node: 'redirect' }));
  });
});

describe('resume list', () => {
  test('a session that stopped at a fix reads "fix proposed" with the fix title; one at a question does not', async () => {
    const { store, dir } = tempStore();
    try {
      await stopAtFixAndAtQuestion(store);
      const recent = await storeSource(store, { compiled, catalog, runner: stubRunner, now: () => 0 }, () => Date.UTC(2026, 10, 20, 9, 10)).recent();
      const ui = renderUi(<StartScreen index={index} triage="triage" recent={recent} onStart={() => undefined} />);
      const lines = ui.frame().split('\n');
      expect(lines.find((l) => l.includes('S-FIX'))).toMatch(/A user cannot sign in on the phone {2}S-FIX · fix proposed: Reset the password of CONTOSO\\jdoe/);
      expect(lines.find((l) => l.includes('S-ASK'))).not.toContain('fix proposed');
      ui.unmount();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
