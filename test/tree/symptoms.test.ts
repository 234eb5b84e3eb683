// `symptoms:` on any node: loaded as written (an unquoted 0x85010014 stays that text),
// bad values reported where they stand, and passed through compile as data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { compileTrees, stateKey } from '../../src/compile/compile.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';

const base = `id: t
title: T
version: 1
start: q
nodes:
  q:
    question: Does it answer?
    symptoms: [0x85010014, "HTTP 451", 401.10]
    answers: {yes: f, no: e}
    unknown: e
    help: Ask the user.
  f:
    fix: Fix it
    cause: Broken
    why: Because.
    steps: [Do it]
    verify: It works.
    sources: [s]
    unresolved: e
    symptoms:
      - DeviceNotProvisioned
  e:
    escalate: Hand over
    to: Tier 2
    symptoms: [Status 110]
`;

async function load(text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-symptoms-'));
  writeFileSync(path.join(dir, 't.yaml'), text);
  return loadTreeSet(nodeTreeFs, [[dir]], probeCatalog);
}

describe('node symptoms', () => {
  test('questions, fixes and escalations carry them, numbers as the author wrote them', async () => {
    const { set, diagnostics } = await load(base);
    expect(diagnostics.items).toEqual([]);
    const t = set.trees.get('t')!;
    expect(t.nodes.q!.symptoms).toEqual(['0x85010014', 'HTTP 451', '401.10']);
    expect(t.nodes.f!.symptoms).toEqual(['DeviceNotProvisioned']);
    expect(t.nodes.e!.symptoms).toEqual(['Status 110']);
  });

  test('a node without symptoms has an empty list', async () => {
    const { set } = await load(base.replace('    symptoms: [Status 110]\n', ''));
    expect(set.trees.get('t')!.nodes.e!.symptoms).toEqual([]);
  });

  test('compile passes them through in the state meta', async () => {
    const { set } = await load(base);
    const { config } = compileTrees(set);
    expect(config.states[stateKey('t', 'q')]!.meta).toMatchObject({ symptoms: ['0x85010014', 'HTTP 451', '401.10'] });
    expect(config.states[stateKey('t', 'f')]!.meta).toMatchObject({ symptoms: ['DeviceNotProvisioned'] });
  });

  test.for([
    { name: 'text instead of a list', edit: ['symptoms: [Status 110]', 'symptoms: Status 110'], code: 'WRONG_TYPE', severity: 'error', line: 25, column: 15, says: /must be a list/ },
    { name: 'an empty entry', edit: ['symptoms: [Status 110]', 'symptoms: [Status 110, ""]'], code: 'BAD_VALUE', severity: 'error', line: 25, column: 28, says: /empty/ },
    { name: 'a mapping entry', edit: ['      - DeviceNotProvisioned', '      - {code: 451}'], code: 'WRONG_TYPE', severity: 'error', line: 21, column: 9, says: /must be text/ },
    { name: 'a repeated entry', edit: ['"HTTP 451", 401.10]', '"HTTP 451", 401.10, HTTP 451]'], code: 'BAD_VALUE', severity: 'warning', line: 8, column: 48, says: /listed twice/ },
    { name: 'a misspelt key', edit: ['    symptoms: [Status 110]', '    symptom: [Status 110]'], code: 'UNKNOWN_KEY', severity: 'error', line: 25, column: 5, says: /did you mean "symptoms"/ },
  ])('$name is $code at $line:$column', async ({ edit, code, severity, line, column, says }) => {
    const { diagnostics } = await load(base.replace(edit[0]!, edit[1]!));
    expect(diagnostics.items, JSON.stringify(diagnostics.items)).toHaveLength(1);
    const d = diagnostics.items[0]!;
    expect(d).toMatchObject({ code, severity, line, column });
    expect(`${d.message} ${d.hint ?? ''}`).toMatch(says);
  });
});
