// `eas-doctor search` (the built bin) on the search fixtures, and a walk started where a hit
// points: at a node, only the inputs that node's path uses are asked.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { Session } from '../../src/session/session.js';
import { runCli, root } from '../helpers/cli.js';
import { compileFixtures } from '../helpers/load-trees.js';

const env = { EAS_DOCTOR_TREES: path.join(root, 'test', 'fixtures', 'trees', 'search') };

describe('eas-doctor search', () => {
  test('prints the ranked targets with what matched, and how to start the first', async () => {
    const r = await runCli(['search', '451'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ 1\. sync#redirect +Is the server named in the redirect reachable from the internet\? +\(question in "The device does not sync"\)$/);
    expect(lines[1]).toMatch(/^ +symptom: “451” +· score [\d.]+$/);
    expect(r.stdout).toContain('Start one with: eas-doctor run sync#redirect');
  });

  test('--json gives target, title, score and matched for scripts', async () => {
    const r = await runCli(['search', 'the', 'account', 'is', 'locked', '--json'], { env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { query: string; results: Array<{ target: string; title: string; score: number; matched: string; field: string }> };
    expect(doc.query).toBe('the account is locked');
    expect(doc.results[0]).toMatchObject({ target: 'password#fix-locked', title: 'Unlock the account', kind: 'fix', field: 'cause', matched: 'The account is locked out after too many wrong passwords' });
    expect(doc.results[0]!.score).toBeGreaterThan(0);
    const scores = doc.results.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test('nothing found is exit 1 with a hint; no query or a bad --limit is a usage error', async () => {
    const none = await runCli(['search', 'zebra'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No tree, question or fix matches "zebra"');
    const empty = await runCli(['search', '--json', 'zebra'], { env });
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.stdout)).toEqual({ format: 'eas-doctor.search', version: 1, query: 'zebra', results: [] });
    expect((await runCli(['search'], { env })).code).toBe(2);
    const limit = await runCli(['search', '451', '--limit', '0'], { env });
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit must be a whole number');
  });

  test('control characters in the query are shown as escapes, never sent to the terminal', async () => {
    const r = await runCli(['search', 'zebra\x1b]0;owned\x07'], { env });
    expect(r.stderr).toContain('\\x1b]0;owned\\x07');
    expect(r.stderr).not.toContain('\x1b');
  });
});

describe('a walk started at a hit', () => {
  test('asks no input that only the nodes before it use', async () => {
    const compiled = await compileFixtures('trees/search');
    let t = 1_700_000_000_000;
    const deps = { compiled, catalog: probeCatalog, runner: async () => ({ classification: 'error', summary: '', evidence: {}, durationMs: 1 }), now: () => (t += 1000), newId: () => 'S1' };
    // The tree's start names the user and the server in its wording only: it asks neither.
    expect(Session.start(deps, { tree: 'sync' }).view()).toMatchObject({ kind: 'question', text: "What does the IIS log show for the user's logon name on the server address?" });
    const s = Session.start(deps, { tree: 'sync', node: 'redirect' });
    const v = s.view();
    expect(v.kind === 'question' && v.text).toBe('Is the server named in the redirect reachable from the internet?');
    s.answer('no');
    expect(s.view().kind).toBe('fix');
    s.notFixed();
    // The escalation's text names the server: it asks nothing, and reads it as what it is.
    const esc = s.view();
    expect(esc.kind === 'escalate' && esc.why).toBe('Nothing here fits; the IIS log of the server address goes with it.');
    expect(s.history().some((e) => e.type === 'input')).toBe(false);
  });
});
