// One case per diagnostic code: the code, its line and column (from the YAML node), and
// that the message or hint says how to fix it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { DIAGNOSTIC_CODES, formatDiagnostic, type DiagnosticCode } from '../../src/tree/diagnostics.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';

/** A valid tree to edit: every case below changes one thing. */
const base = `id: t
title: T
version: 1
inputs:
  host: {ask: Host, format: hostname}
start: q
nodes:
  q:
    question: Does {{host}} answer?
    answers:
      yes: f
      no: e
    unknown: e
  f:
    fix: Fix it
    cause: Broken
    why: Because.
    steps: [Do it]
    verify: It works.
    sources: [s]
    unresolved: e
  e:
    escalate: Hand over
    to: Tier 2
`;

async function load(files: Record<string, string | Uint8Array>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-validate-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, result: await loadTreeSet(nodeTreeFs, [[dir]], probeCatalog) };
}

const cases: Array<{ code: DiagnosticCode; text: string; line: number; column: number; says: RegExp; file?: string }> = [
  { code: 'YAML_SYNTAX', text: base.replace('title: T', 'title: [T'), line: 3, column: 1, says: /indentation|quot/ },
  { code: 'DUPLICATE_KEY', text: base.replace('  e:\n', '  f:\n    fix: x\n  e:\n'), line: 22, column: 3, says: /unique/ },
  { code: 'WRONG_TYPE', text: base.replace('version: 1', 'version: one'), line: 3, column: 10, says: /whole number/ },
  { code: 'BAD_VALUE', text: base.replace('format: hostname', 'format: fqdn'), line: 5, column: 29, says: /one of: text, hostname/ },
  { code: 'UNKNOWN_KEY', text: base.replace('    why: Because.', '    wyh: Because.\n    why: Because.'), line: 17, column: 5, says: /did you mean "why"/ },
  { code: 'MISSING_KEY', text: base.replace('    verify: It works.\n', ''), line: 14, column: 3, says: /add "verify/ },
  { code: 'BAD_ID', text: base.replace('  e:\n', '  Esc_1:\n').replace('no: e', 'no: f').replace('unresolved: e', 'unresolved: f'), line: 22, column: 3, says: /kebab-case/ },
  { code: 'ID_FILE_MISMATCH', text: base.replace('id: t', 'id: other'), line: 1, column: 5, says: /rename the file to other\.yaml/ },
  { code: 'RESERVED_ID', text: base + '  start:\n    escalate: x\n    to: y\n', line: 25, column: 3, says: /rename/ },
  { code: 'NODE_KIND', text: base.replace('    escalate: Hand over', '    escalat: Hand over'), line: 22, column: 3, says: /question:", "fix:" or "escalate:"/ },
  { code: 'UNKNOWN_START', text: base.replace('start: q', 'start: qq'), line: 6, column: 8, says: /did you mean "q"/ },
  { code: 'UNKNOWN_TARGET', text: base.replace('yes: f', 'yes: fx'), line: 11, column: 12, says: /did you mean "f"/ },
  { code: 'UNKNOWN_TREE', text: base.replace('yes: f', 'yes: "sll#start"'), line: 11, column: 12, says: /loaded trees: t/ },
  { code: 'ANSWER_WITHOUT_TARGET', text: base.replace('yes: f', 'yes:'), line: 11, column: 7, says: /yes: NODE-ID/ },
  { code: 'UNKNOWN_PROBE', text: base.replace('    answers:\n      yes: f', '    probe: {use: tcp.conect, map: {connected: yes}}\n    answers:\n      yes: f'), line: 10, column: 18, says: /did you mean "tcp.connect"/ },
  { code: 'UNKNOWN_CLASSIFICATION', text: base.replace('    answers:\n      yes: f', '    probe: {use: tcp.connect, with: {host: "{{host}}"}, map: {conected: yes}}\n    answers:\n      yes: f'), line: 10, column: 63, says: /did you mean "connected"/ },
  { code: 'UNKNOWN_ANSWER', text: base.replace('    answers:\n      yes: f', '    probe: {use: tcp.connect, with: {host: "{{host}}"}, map: {connected: yep}}\n    answers:\n      yes: f'), line: 10, column: 74, says: /did you mean "yes"/ },
  { code: 'UNKNOWN_PARAM', text: base.replace('    answers:\n      yes: f', '    probe: {use: tcp.connect, with: {host: "{{host}}", prot: 443}, map: {connected: yes}}\n    answers:\n      yes: f'), line: 10, column: 56, says: /did you mean "port"/ },
  { code: 'MISSING_PARAM', text: base.replace('    answers:\n      yes: f', '    probe: {use: tcp.connect, map: {connected: yes}}\n    answers:\n      yes: f'), line: 10, column: 18, says: /needs parameter "host"/ },
  { code: 'BAD_PARAM', text: base.replace('    answers:\n      yes: f', '    probe: {use: tcp.connect, with: {host: "{{host}}", port: 99999}, map: {connected: yes}}\n    answers:\n      yes: f'), line: 10, column: 62, says: /not a port/ },
  { code: 'UNKNOWN_INPUT', text: base.replace('Does {{host}} answer?', 'Does {{hots}} answer?'), line: 9, column: 20, says: /did you mean \{\{host\}\}/ },
  { code: 'DEAD_END', text: base.replace('    answers:\n      yes: f\n      no: e\n', '    answers: {}\n'), line: 8, column: 3, says: /add answers/ },
  { code: 'NO_WAY_OUT', text: base.replace('yes: f', 'yes: q2').replace('  f:\n', '  q2:\n    question: Again?\n    answers: {yes: q3}\n  q3:\n    question: And again?\n    answers: {yes: q2}\n  f:\n'), line: 14, column: 3, says: /lead only to q3.*on the way to a fix/ },
  { code: 'ROUTE_CYCLE', text: base.replace('    unknown: e\n', '    unknown: q\n'), line: 13, column: 14, says: /"unknown" of "q" leads back to "t#q".*t#q -> t#q.*escalation/ },
  { code: 'UNREACHABLE', text: base + '  lost:\n    escalate: x\n    to: y\n', line: 25, column: 3, says: /lead an answer to it/ },
  { code: 'UNUSED_INPUT', text: base.replace('  host: {ask: Host, format: hostname}', '  host: {ask: Host, format: hostname}\n  user: {ask: User}'), line: 6, column: 3, says: /use \{\{user\}\}/ },
  { code: 'UNKNOWN_SOURCE', text: base.replace('sources: [s]', 'sources: [s, ms-ashttp-451]'), line: 20, column: 18, says: /"ms-ashttp-451".*add it to sources\.yaml/ },
  { code: 'UNUSED_REPLACE', text: base.replace('    steps: [Do it]', "    steps:\n      - text: Do it\n        run: {shell: ems, code: Get-Website WEBSITE}\n        replace: {SITE: the web site}"), line: 21, column: 19, says: /"SITE" does not occur in this step's command as a whole word.*remove it from replace:/ },
  { code: 'FIX_INCOMPLETE', text: base.replace('    cause: Broken\n', ''), line: 14, column: 3, says: /cause/ },
  { code: 'ALIAS_BOMB', text: `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`, line: 1, column: 1, says: /fewer nested aliases/ },
  { code: 'NO_UNKNOWN_ROUTE', text: base.replace('    unknown: e\n', ''), line: 8, column: 3, says: /unknown: NODE-ID.*unknown: false/ },
  { code: 'UNUSED_STUB', text: base + 'tests:\n  - name: s\n    answers: [yes]\n    probes: {dns.lookup: nxdomain}\n    expect: f\n', line: 28, column: 14, says: /no question on a walk from "t#q" uses it/ },
  { code: 'EMPTY_FILE', text: '# only a comment\n\n', line: 1, column: 1, says: /eas-doctor new/ },
  { code: 'UNKNOWN_TAG', text: base.replace('    to: Tier 2\n', '    to: !!js/function Tier 2\n'), line: 24, column: 9, says: /!!js\/function.*nothing is run/ },
];

describe('validator diagnostics', () => {
  test.for(cases)('$code at $line:$column', async ({ code, text, line, column, says }) => {
    const { result } = await load({ 't.yaml': text });
    const found = result.diagnostics.items.filter((d) => d.code === code);
    expect(found, JSON.stringify(result.diagnostics.items, null, 1)).toHaveLength(1);
    expect(found[0]).toMatchObject({ line, column });
    expect(`${found[0]!.message} ${found[0]!.hint ?? ''}`).toMatch(says);
  });

  test('every code in the catalogue has a case here', () => {
    const covered = new Set([...cases.map((c) => c.code), 'BINARY_FILE', 'FILE_TOO_LARGE', 'DUPLICATE_TREE', 'INPUT_CONFLICT', 'INPUT_DIFFERS']);
    expect(Object.keys(DIAGNOSTIC_CODES).filter((c) => !covered.has(c as DiagnosticCode))).toEqual([]);
  });

  test('a cited source id that the registry lacks is an error at its position, with the nearest id', async () => {
    const registry = 'ms-ashttp-451:\n  title: Status Line\n  publisher: Microsoft Open Specifications\n  year: n.d.\n  url: https://learn.microsoft.com/openspecs/\n';
    const { result } = await load({ 't.yaml': base.replace('sources: [s]', 'sources: [ms-ashttp-451, ms-ashtp-451]'), 'sources.yaml': registry });
    expect(result.diagnostics.items.map((d) => [d.code, d.line, d.column, `${d.message} ${d.hint ?? ''}`])).toEqual([['UNKNOWN_SOURCE', 20, 30, expect.stringMatching(/"ms-ashtp-451".*did you mean "ms-ashttp-451"\?/)]]);
    expect(result.set.sources?.get('ms-ashttp-451')).toMatchObject({ title: 'Status Line', publisher: 'Microsoft Open Specifications', year: 'n.d.' });
  });

  test('a registry entry without a publisher or year is reported at its id', async () => {
    const { result } = await load({ 't.yaml': base, 'sources.yaml': 'some-doc:\n  title: A page\n  url: https://example.invalid/\n' });
    expect(result.diagnostics.items.map((d) => [d.code, path.basename(d.file), d.line, d.column, d.message])).toEqual([
      ['MISSING_KEY', 'sources.yaml', 1, 1, 'source "some-doc" has no "publisher"'],
      ['MISSING_KEY', 'sources.yaml', 1, 1, 'source "some-doc" has no "year"'],
    ]);
  });

  test('the base tree is clean', async () => {
    const { result } = await load({ 't.yaml': base });
    expect(result.diagnostics.items).toEqual([]);
  });

  test('binary and oversized files are diagnostics, not crashes', async () => {
    const { result } = await load({ 'bin.yaml': new Uint8Array([0x69, 0x64, 0x00, 0xff]), 'big.yaml': 'x'.repeat(1024 * 1024 + 1), 'latin.yaml': new Uint8Array([0x69, 0x64, 0x3a, 0x20, 0xe9]) });
    expect(result.diagnostics.items.map((d) => [path.basename(d.file), d.code])).toEqual(
      expect.arrayContaining([['bin.yaml', 'BINARY_FILE'], ['big.yaml', 'FILE_TOO_LARGE'], ['latin.yaml', 'BINARY_FILE']]),
    );
  });

  test('one input name with two formats in two trees is a warning at the second', async () => {
    const { result } = await load({ 't.yaml': base, 'u.yaml': base.replace('id: t', 'id: u').replace('format: hostname', 'format: url') });
    expect(result.diagnostics.items.filter((d) => d.code === 'INPUT_CONFLICT')).toMatchObject([{ severity: 'warning', file: expect.stringMatching(/u\.yaml$/), line: 5, column: 3, message: expect.stringContaining('format url here but hostname in tree "t"') }]);
  });

  test('one input name asked differently in two trees is a warning at the second, naming what differs and where the first is', async () => {
    const { result } = await load({ 't.yaml': base, 'u.yaml': base.replace('id: t', 'id: u').replace('{ask: Host, format: hostname}', '{ask: Server name, format: hostname, help: Where it is}') });
    const found = result.diagnostics.items.filter((d) => d.code === 'INPUT_DIFFERS');
    expect(found).toMatchObject([
      {
        severity: 'warning',
        file: expect.stringMatching(/u\.yaml$/),
        line: 5,
        column: 3,
        message: 'input "host" is defined differently than in tree "t": ask "Server name" here, "Host" there; help "Where it is" here, none there',
        related: [{ file: expect.stringMatching(/t\.yaml$/), line: 5, column: 3, note: '"host" in tree "t"' }],
      },
    ]);
    expect(formatDiagnostic(found[0]!)).toMatch(/\n {2}"host" in tree "t": .*t\.yaml:5:3$/);
    // The same definition in both trees is clean.
    const same = await load({ 't.yaml': base, 'u.yaml': base.replace('id: t', 'id: u') });
    expect(same.result.diagnostics.items.filter((d) => d.code.startsWith('INPUT_'))).toEqual([]);
  });

  test('anchors and aliases may share text between nodes', async () => {
    const text = base.replace('    steps: [Do it]', '    steps: &shared [Do it, Check it]').replace('    escalate: Hand over\n    to: Tier 2', '    escalate: Hand over\n    to: Tier 2\n    attach: *shared');
    const { result } = await load({ 't.yaml': text });
    expect(result.diagnostics.items).toEqual([]);
    const e = result.set.trees.get('t')!.nodes.e!;
    expect(e.kind === 'escalate' && e.attach).toEqual(['Do it', 'Check it']);
  });

  test('a key twice in a nested block or flow mapping is reported at the second, once per key', async () => {
    const text = base.replace('    why: Because.', '    why: Because.\n    why: Again.').replace('format: hostname}', 'format: hostname, ask: Again}');
    const { result } = await load({ 't.yaml': text });
    expect(result.diagnostics.items.map((d) => [d.code, d.line, d.column])).toEqual([
      ['DUPLICATE_KEY', 5, 39],
      ['DUPLICATE_KEY', 18, 5],
    ]);
  });

  test('two files with one tree id are reported', async () => {
    const { result } = await load({ 't.yaml': base, 'u.yaml': base.replace('id: t', 'id: u'), 'v.yaml': base.replace('id: t', 'id: t') });
    expect(result.diagnostics.items.map((d) => d.code)).toEqual(expect.arrayContaining(['DUPLICATE_TREE']));
  });

  test('every problem is collected, not just the first', async () => {
    const { result } = await load({ 't.yaml': base.replace('yes: f', 'yes: fx').replace('start: q', 'start: qq').replace('version: 1', 'version: x') });
    const errors = result.diagnostics.items.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code).sort()).toEqual(['UNKNOWN_START', 'UNKNOWN_TARGET', 'WRONG_TYPE']);
  });

  test('a diagnostic prints as file:line:column with the line and a caret under the spot', async () => {
    const { result } = await load({ 't.yaml': base.replace('yes: f', 'yes: fx') });
    const d = result.diagnostics.items[0]!;
    const text = formatDiagnostic({ ...d, file: 't.yaml' }, result.sources.get(d.file));
    expect(text).toBe(
      [
        't.yaml:11:12: error UNKNOWN_TARGET answer "yes" of "q" leads to "fx", but tree "t" has no node "fx"',
        '  11 |       yes: fx',
        '     |            ^^',
        '  hint: did you mean "f"?',
      ].join('\n'),
    );
  });
});

describe('the parsed-tree cache', () => {
  test('a cached load gives the same trees and diagnostics; a torn entry is a miss', async () => {
    const { folderTreeCache } = await import('../../src/tree/tree-cache.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cache-'));
    writeFileSync(path.join(dir, 't.yaml'), base.replace('yes: f', 'yes: fx'));
    const cacheDir = path.join(dir, 'cache');
    const cache = folderTreeCache(cacheDir);
    const cold = await loadTreeSet(nodeTreeFs, [[path.join(dir, 't.yaml')]], probeCatalog, { cache });
    const warm = await loadTreeSet(nodeTreeFs, [[path.join(dir, 't.yaml')]], probeCatalog, { cache });
    expect(warm.diagnostics.sorted()).toEqual(cold.diagnostics.sorted());
    expect(JSON.parse(JSON.stringify([...warm.set.trees.values()]))).toEqual(JSON.parse(JSON.stringify([...cold.set.trees.values()])));
    const { readdirSync } = await import('node:fs');
    for (const f of readdirSync(cacheDir)) writeFileSync(path.join(cacheDir, f), '{"tree": {"id": "t", "nod');
    const torn = await loadTreeSet(nodeTreeFs, [[path.join(dir, 't.yaml')]], probeCatalog, { cache });
    expect(torn.diagnostics.sorted()).toEqual(cold.diagnostics.sorted());
    // A changed file is a new key: its new problems are reported, not the cached ones.
    writeFileSync(path.join(dir, 't.yaml'), base);
    expect((await loadTreeSet(nodeTreeFs, [[path.join(dir, 't.yaml')]], probeCatalog, { cache })).diagnostics.items).toEqual([]);
  });

  test("each build keeps its own folder, and a build's first write removes the others'", async () => {
    const { buildTreeCache } = await import('../../src/tree/tree-cache.js');
    const { existsSync, mkdirSync, readdirSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-cache-'));
    writeFileSync(path.join(dir, 't.yaml'), base);
    const cacheDir = path.join(dir, 'trees');
    mkdirSync(path.join(cacheDir, 'old-build'), { recursive: true });
    writeFileSync(path.join(cacheDir, 'old-build', 'x.json'), '{}');
    writeFileSync(path.join(cacheDir, 'from-before-builds-had-folders.json'), '{}');
    const cache = buildTreeCache(cacheDir, 'new-build');
    // Reading removes nothing: a run that only hits the cache (or writes nothing) leaves the folder alone.
    expect(cache.get('no-such-key')).toBeUndefined();
    expect(readdirSync(cacheDir).sort()).toEqual(['from-before-builds-had-folders.json', 'old-build']);
    const cold = await loadTreeSet(nodeTreeFs, [[path.join(dir, 't.yaml')]], probeCatalog, { cache });
    expect(readdirSync(cacheDir)).toEqual(['new-build']);
    expect(readdirSync(path.join(cacheDir, 'new-build'))).toHaveLength(1);
    const again = buildTreeCache(cacheDir, 'new-build');
    const warm = await loadTreeSet(nodeTreeFs, [[path.join(dir, 't.yaml')]], probeCatalog, { cache: again });
    expect(JSON.parse(JSON.stringify([...warm.set.trees.values()]))).toEqual(JSON.parse(JSON.stringify([...cold.set.trees.values()])));
    expect(existsSync(path.join(cacheDir, 'old-build'))).toBe(false);
  });
});
