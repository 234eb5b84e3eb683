// The step language of a fix: `replace:` (text of a command to type over, with what to put
// there) and `either:` (alternatives, do exactly one). What loads, what is refused and where,
// and how every reader numbers and labels the steps.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import { layoutSteps, splitTokens, tokenSpans } from '../../src/tree/fix-steps.js';
import type { FixNode } from '../../src/tree/types.js';

/** A tree whose one fix has `steps` (YAML, indented under "    steps:"). */
const tree = (steps: string) => `id: t
title: T
version: 1
inputs:
  server: {ask: Server}
start: q
nodes:
  q:
    question: Broken?
    answers: {yes: f}
    unknown: f
  f:
    fix: Fix it
    why: Because.
    steps:
${steps}
    verify: It works.
`;

async function load(steps: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-steps-'));
  writeFileSync(path.join(dir, 't.yaml'), tree(steps));
  const result = await loadTreeSet(nodeTreeFs, [[dir]], probeCatalog);
  const errors = result.diagnostics.items.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, line: d.line, column: d.column, text: `${d.message} | ${d.hint ?? ''}` }));
  const fix = result.set.trees.get('t')?.nodes.f as FixNode | undefined;
  return { errors, fix };
}

// Line 16 of the file is the first line of `steps`.
describe('loading', () => {
  test('replace: and either: load into the model, alternatives in order, each a step or a list of steps', async () => {
    const { errors, fix } = await load(`      - text: List the sites
        run: {shell: powershell, code: Get-Website}
      - text: Leave one directory
        either:
          - text: Delete the extra one
            run: {shell: ems, code: 'Remove-ActiveSyncVirtualDirectory -Identity "{{server}}\\Microsoft-Server-ActiveSync (SITE)"'}
            replace: {SITE: the web site of the extra directory}
          - - Keep it
            - text: Point it at the same name
              run: {shell: appcmd, code: 'appcmd set config "SITE/Microsoft-Server-ActiveSync/"'}
              replace: {SITE: 'the web site on {{server}}'}`);
    expect(errors).toEqual([]);
    expect(fix!.steps).toHaveLength(2);
    const choice = fix!.steps[1]!;
    expect(choice.text).toBe('Leave one directory');
    expect(choice.either!.map((alt) => alt.map((s) => s.text))).toEqual([['Delete the extra one'], ['Keep it', 'Point it at the same name']]);
    expect(choice.either![0]![0]!.replace).toMatchObject([{ token: 'SITE', means: 'the web site of the extra directory', pos: { line: 22, column: 23 } }]);
  });

  test.for([
    {
      name: 'a token the command does not hold',
      steps: `      - text: Mount it\n        run: {shell: ems, code: Mount-Database -Identity DB01}\n        replace: {DB02: the database}`,
      want: [{ code: 'UNUSED_REPLACE', line: 18, column: 19, text: expect.stringMatching(/^"DB02" does not occur in this step's command \| write it in run\.code/) }],
    },
    {
      name: 'a token found only inside a longer word',
      steps: `      - text: Show it\n        run: {shell: powershell, code: Get-Website WEBSITE}\n        replace: {SITE: the site}`,
      want: [{ code: 'UNUSED_REPLACE', line: 18, column: 19, text: expect.stringContaining('as a whole word') }],
    },
    {
      name: 'replace: on a step without a command',
      steps: `      - text: Do it by hand\n        replace: {SITE: the site}`,
      want: [{ code: 'UNUSED_REPLACE', line: 17, column: 9, text: expect.stringContaining('this step has no command') }],
    },
    {
      name: 'a {{placeholder}} as a token',
      steps: `      - text: Show it\n        run: {shell: ems, code: 'Get-ExchangeServer {{server}}'}\n        replace: {'{{server}}': the server}`,
      want: [{ code: 'BAD_VALUE', line: 18, column: 19, text: expect.stringContaining('the walk fills it in') }],
    },
    {
      name: 'either: with one alternative',
      steps: `      - either:\n          - Do it`,
      want: [{ code: 'BAD_VALUE', line: 17, column: 11, text: expect.stringContaining('needs at least two alternatives; it has 1') }],
    },
    {
      name: 'a command on the either: step itself',
      steps: `      - text: Choose\n        run: {shell: ems, code: Get-Mailbox}\n        either: [A, B]`,
      want: [{ code: 'BAD_VALUE', line: 17, column: 9, text: expect.stringContaining('an either: step has no run of its own') }],
    },
    {
      name: 'an either: inside an alternative',
      steps: `      - either:\n          - A\n          - either: [B, C]`,
      want: [{ code: 'BAD_VALUE', line: 18, column: 13, text: expect.stringContaining('cannot hold another either:') }],
    },
    {
      name: 'an empty alternative',
      steps: `      - either:\n          - A\n          - []`,
      want: [{ code: 'BAD_VALUE', line: 18, column: 13, text: expect.stringContaining('an alternative with no steps') }],
    },
    {
      name: 'a misspelt key in an alternative',
      steps: `      - either:\n          - A\n          - {text: B, replase: {X: y}}`,
      want: [{ code: 'UNKNOWN_KEY', line: 18, column: 23, text: expect.stringContaining('did you mean "replace"?') }],
    },
  ])('$name is an error at its position', async ({ steps, want }) => {
    const { errors } = await load(steps);
    expect(errors).toEqual(want);
  });
});

describe('layout', () => {
  test('an either: step is one number; its alternatives read Either (A) / Or (B), later steps "then (B)"', () => {
    const lines = layoutSteps([{ text: 'First' }, { text: '', either: [[{ text: 'Delete' }], [{ text: 'Keep' }, { text: 'Re-apply' }]] }, { text: 'Last' }]);
    expect(lines.map((l) => (l.kind === 'choice' ? `${l.number}. ${l.text} [${l.letters.join('')}]` : l.kind === 'option' ? `${l.number} ${l.label}: ${l.step.text}` : `${l.number}. ${l.step.text}`))).toEqual([
      '1. First',
      '2. Do one of the following [AB]',
      '2 Either (A): Delete',
      '2 Or (B): Keep',
      '2 then (B): Re-apply',
      '3. Last',
    ]);
  });

  test('a token is found only as a whole, and split out for highlighting', () => {
    expect(tokenSpans('SITE/x "(SITE)" WEBSITE SITES', 'SITE')).toEqual([
      [0, 4],
      [9, 13],
    ]);
    expect(tokenSpans('dsacls "CN=User Name,DC=contoso" /P:N', 'CN=User Name,DC=contoso')).toEqual([[8, 31]]);
    expect(splitTokens('Get-Item My\\THUMBPRINT ; Enable -Thumbprint NEWTHUMBPRINT', ['THUMBPRINT', 'NEWTHUMBPRINT'])).toEqual([
      { text: 'Get-Item My\\', token: false },
      { text: 'THUMBPRINT', token: true },
      { text: ' ; Enable -Thumbprint ', token: false },
      { text: 'NEWTHUMBPRINT', token: true },
    ]);
  });
});
