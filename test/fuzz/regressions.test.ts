// Bugs the fuzz suite found, each pinned by the smallest input that showed it.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readJournalText } from '../../src/transcript/journal.js';
import { DiagnosticBag, formatDiagnostic } from '../../src/tree/diagnostics.js';
import { loadTree } from '../../src/tree/load.js';
import stringWidth from 'string-width';
import { widthOf } from '../../src/util/text-width.js';
import { logText } from '../evidence/helpers.js';
import { root } from '../helpers/cli.js';
import { cli } from '../helpers/main.js';

const TREES = path.join(root, 'trees');

describe('found by fuzzing: trees', () => {
  // Seed 20261206, tree case 22: `x9: [[[[...` 20,000 deep. yaml's composer overflows the stack
  // and reported it as the engine's "Maximum call stack size exceeded (RESOURCE_EXHAUSTION)".
  test('collections nested thousands deep: a positioned YAML_SYNTAX that says what is wrong, not an engine error', () => {
    const diag = new DiagnosticBag();
    const text = `id: t\ntitle: T\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    loadTree('/trees/t.yaml', new TextEncoder().encode(text), diag, 't');
    const d = diag.items.find((x) => x.code === 'YAML_SYNTAX');
    expect(d).toMatchObject({ line: 3 });
    const shown = formatDiagnostic(d!, text);
    expect(shown).toMatch(/nest too deeply/);
    expect(shown).toMatch(/hint: .*close the brackets/);
    expect(shown).not.toMatch(/call stack|RESOURCE_EXHAUSTION/);
  });
});

describe('found by fuzzing: large trees', () => {
  // A 1 MB tree of 14,000 nodes, each with an unknown key: 28,000 diagnostics. Printing split the
  // whole file into lines again for each of them: `validate` took 6.5 minutes on a busy machine.
  test('printing 28,000 diagnostics of a 1 MB file takes seconds, not minutes', () => {
    const lines = ['id: big', 'title: Big', 'version: 1', 'start: n0', 'nodes:'];
    for (let n = 0; lines.length < 14_000 * 4; n++) lines.push(`  n${n}:`, `    escalate: Hand over ${n}`, '    to: Tier 2', '    colour: red');
    const text = lines.join('\n') + '\n';
    const diag = new DiagnosticBag();
    loadTree('/trees/big.yaml', new TextEncoder().encode(text), diag, 'big');
    expect(diag.items.length).toBeGreaterThan(13_000);
    const started = performance.now();
    let shown = 0;
    for (const d of diag.items) for (let k = 0; k < 2; k++) shown += formatDiagnostic(d, text).length;
    expect(shown).toBeGreaterThan(0);
    // Before: about 1 ms per diagnostic per MB (a minute here); now the file is split once.
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 60_000);
});

describe('found by fuzzing: journals', () => {
  const start = { type: 'start', at: 1, id: 's', tree: 'ssl', node: 'device-clock', trees: {} };
  // Seed 20261206, journal cases 23 and 109: a start whose ticket was {"constructor":"x"}
  // listed as "[object Object]" by `sessions`, and an operator 9007199254740992 made
  // `export --format html` fail with "s.replace is not a function". Cases 119 and others: a probe
  // outcome of the wrong shape failed every export.
  test.for([
    ['a ticket that is not text', { ...start, ticket: { constructor: 'x' } }, /"start" event whose "ticket" is \{"constructor":"x"\}, not text/],
    ['an operator that is a number', { ...start, operator: 2 ** 53 }, /"operator" is 9007199254740992, not text/],
    ['trees that are not {version, hash}', { ...start, trees: { ssl: 5 } }, /tree "ssl" is 5, not \{version, hash\}/],
    ['an answer whose "to" is a list', { type: 'answer', at: 1, node: 'ssl/device-clock', answer: 'yes', to: [1] }, /"to" is \[1\], not text/],
    ['a note without text', { type: 'note', at: 1, node: 'ssl/device-clock' }, /"note" event without its "text"/],
    ['a probe outcome that is a string', { type: 'probe', at: 1, node: 'ssl/cert-state', outcome: 'ok' }, /not a probe's result/],
    ['a probe outcome without params', { type: 'probe', at: 1, node: 'ssl/cert-state', outcome: { probe: 'tls.certificate', classification: 'ok', summary: 's', durationMs: 1 } }, /no "params"/],
    ['an end with an unknown status', { type: 'end', at: 1, status: 'exploded' }, /"status" is "exploded", not one of resolved, escalated, abandoned/],
    ['a fix-result that is neither', { type: 'fix-result', at: 1, node: 'ssl/fix-renew-cert', result: 'maybe' }, /not one of resolved, did-not-help/],
  ] as const)('%s: the line is damaged, with what is wrong', ([, event, says]) => {
    const read = readJournalText(`${JSON.stringify(event)}\n`);
    expect(read.events).toEqual([]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]!.message).toMatch(says);
  });

  test('a journal written by the tool reads back without a problem', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'eas-fuzz-reg-'));
    const walk = 'host=mail.contoso.com\nnote: a note\nyes\nweak\nback\nfine\nno\n';
    expect((await cli(['run', 'ssl', '--answers', '-', '--journal', '--ticket', 'INC-1'], { EAS_DOCTOR_TREES: TREES, EAS_DOCTOR_HOME: home }, walk)).code).toBe(0);
    const [file] = readdirSync(path.join(home, 'sessions')).filter((f) => f.endsWith('.jsonl'));
    const read = readJournalText(readFileSync(path.join(home, 'sessions', file!), 'utf8'));
    expect(read.problems).toEqual([]);
    expect(read.events.map((e) => e.type)).toEqual(expect.arrayContaining(['start', 'input', 'note', 'answer', 'back', 'end']));
  });

  test('sessions and export of a journal whose start has a ticket object: listed as damaged, exported never', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'eas-fuzz-reg-'));
    mkdirSync(path.join(home, 'sessions'));
    writeFileSync(path.join(home, 'sessions', 's-1.jsonl'), `${JSON.stringify({ ...start, id: 's-1', ticket: { constructor: 'x' } })}\n`);
    const env = { EAS_DOCTOR_TREES: TREES, EAS_DOCTOR_HOME: home };
    const list = await cli(['sessions'], env);
    expect(list.code).toBe(1);
    expect(list.stdout).not.toContain('[object Object]');
    expect(list.stdout).toMatch(/s-1: .*line 1 is damaged and ignored: a "start" event whose "ticket" is/);
    const html = await cli(['export', 's-1', '--format', 'html'], env);
    expect(html.stderr).not.toMatch(/is not a function/);
    expect(html.stderr).toMatch(/does not begin with the session's start/);
  });
});

describe('found by fuzzing: logs', () => {
  // Seed 7, log case 123: a device id of 70,000 characters (NULs, shown escaped) with one
  // character that is not ASCII. string-width's time grows with the square of the length:
  // `log` measured the label for its table and hung for minutes.
  test('the width of long text that is not all ASCII: linear, and the same as string-width where both can tell', () => {
    for (const s of ['INC-1', 'café', '障害-1', '📱', 'e\u0301', '1\ufe0f\u20e3']) expect(widthOf(s.repeat(100)), s).toBe(stringWidth(s.repeat(100)));
    expect(widthOf('障害'.repeat(200) + 'x'.repeat(100))).toBe(900);
    const long = `Appl\\x1b%${'\\x00'.repeat(70_000)} é`;
    const started = performance.now();
    expect(widthOf(long)).toBe(long.length);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('log with such a device id: the report in seconds, the id shown escaped', async () => {
    const device = `Appl%1B%${'\u0000'.repeat(70_000)}\u00e9`;
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-fuzz-reg-'));
    const file = path.join(dir, 'u_ex240501.log');
    writeFileSync(file, logText([{ at: '10:00:00', user: 'bob', device, status: 503 }]));
    const started = performance.now();
    const r = await cli(['log', file], { EAS_DOCTOR_LOG_WORKERS: '1' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Failing devices \(1 of 1\):$/m);
    expect(r.stdout).not.toMatch(/[\u0000\u001b]/);
  }, 30_000);
});
