// "I don't know": a route the tree gives, a check that would know, and a transcript that says
// the engineer did not know instead of inventing an answer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import type { ProbeRunner } from '../../src/probes/types.js';
import { applyStep, parseScriptLine } from '../../src/session/script.js';
import { Session, type SessionDeps } from '../../src/session/session.js';
import { runTreeTests } from '../../src/session/tree-tests.js';
import { toMarkdown } from '../../src/transcript/markdown.js';
import { buildTranscript } from '../../src/transcript/transcript.js';
import { renderGraph } from '../../src/tree/graph.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import { compileFixtures } from '../helpers/load-trees.js';

const compiled = await compileFixtures('trees/unknown');

function deps(classification = 'refused'): SessionDeps & { runs: number } {
  let t = 1_700_000_000_000;
  const d = { compiled, catalog: probeCatalog, runs: 0, runner: (async () => ({ classification, summary: classification, evidence: {}, durationMs: 1 })) as ProbeRunner, now: () => (t += 1000), newId: () => 'U1' };
  d.runner = async () => {
    d.runs++;
    return { classification, summary: classification, evidence: {}, durationMs: 1 };
  };
  return d;
}

function at(s: Session): string {
  const v = s.view();
  return v.kind === 'end' ? `end:${v.status}` : `${v.kind}:${v.key}`;
}

function answers(s: Session): string[] {
  const v = s.view();
  return v.kind === 'question' ? v.answers.map((a) => `${a.key}:${a.label}`) : [];
}

describe('"I don\'t know"', () => {
  test('is offered last and follows the route the tree gives', () => {
    const s = Session.start(deps(), { tree: 'dunno' });
    expect(answers(s)).toEqual(['basic:Basic only', 'none:None is enabled', "unknown:I don't know"]);
    s.answer('unknown');
    expect(at(s)).toBe('question:dunno/port-open');
    expect(s.path()).toMatchObject([{ node: 'dunno/vdir-auth', answer: 'unknown', label: "I don't know" }]);
  });

  test('is not offered where the author turned it off, and saying it there names why', () => {
    const s = Session.start(deps(), { tree: 'dunno', node: 'device-clock' });
    expect(answers(s)).toEqual(['yes:Yes', 'no:No']);
    expect(() => s.answer('unknown')).toThrow(/turned it off\); answers: yes, no/);
  });

  test('at a question with a check runs the check first; the answer it maps to is suggested', async () => {
    const d = deps('refused');
    const s = Session.start(d, { tree: 'dunno', node: 'port-open' });
    s.input('host', 'mail.contoso.com');
    const before = s.view();
    expect(before.kind === 'question' && before.answers.at(-1)).toMatchObject({ key: 'unknown', runsCheck: true });
    const outcome = await s.dontKnow();
    expect(d.runs).toBe(1);
    expect(outcome?.classification).toBe('refused');
    const v = s.view();
    expect(v.kind === 'question' && v.probe?.suggested).toBe('closed');
    // After the check, "I don't know" is the route again, no longer the check.
    expect(v.kind === 'question' && v.answers.at(-1)).toEqual({ key: 'unknown', label: "I don't know", target: 'escalate-network', unknown: true });
  });

  test.for([
    ['the check knows: its answer is taken', 'refused', 'fix:dunno/fix-firewall'],
    ['the check cannot tell: the route is followed', 'timeout', 'escalate:dunno/escalate-network'],
  ])('scripted "unknown" at a check: %s', async ([, classification, end]) => {
    const d = deps(classification);
    const s = Session.start(d, { tree: 'dunno' });
    for (const [i, line] of ['unknown', 'host=mail.contoso.com', 'unknown'].entries()) await applyStep(s, parseScriptLine(line, i + 1)!);
    expect(d.runs).toBe(1);
    expect(at(s)).toBe(end);
  });

  test('the transcript says "did not know", in the steps, the Markdown and the timeline', () => {
    const s = Session.start(deps(), { tree: 'dunno' });
    s.answer('unknown');
    const t = buildTranscript(s.history(), { compiled, catalog: probeCatalog });
    expect(t.steps[0]).toMatchObject({ answer: 'unknown', label: "I don't know", didNotKnow: true });
    expect(toMarkdown(t)).toContain('Answer: *did not know*');
    expect(t.timeline.find((e) => e.kind === 'answer')?.text).toBe('did not know');
  });

  test('a journal replays "I don\'t know" to the same place', () => {
    const s = Session.start(deps(), { tree: 'dunno' });
    s.answer('unknown');
    const again = Session.restore(deps(), s.snapshot());
    expect(at(again)).toBe('question:dunno/port-open');
  });

  test('tree tests walk "unknown", with and without a stubbed check', async () => {
    const report = await runTreeTests(compiled, probeCatalog);
    expect(report.results.map((r) => [r.test.name, r.passed, r.message])).toEqual([
      ['not knowing the vdir goes on to the port, where the check knows', true, undefined],
      ['not knowing, and the check cannot tell, escalates', true, undefined],
    ]);
  });

  test('the graph draws "I don\'t know" as a dashed edge', () => {
    const mermaid = renderGraph(compiled.set.trees.get('dunno')!, { format: 'mermaid' });
    expect(mermaid).toMatch(/q\d+_vdir_auth -\.->\|"I don't know"\| q\d+_port_open/);
  });
});

describe('"unknown:" in the tree language', () => {
  const tree = (question: string) => `id: t
title: T
version: 1
start: q
nodes:
  q:
    question: Does it work?
${question}
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
  async function diagnostics(question: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-unknown-'));
    writeFileSync(path.join(dir, 't.yaml'), tree(question));
    const r = await loadTreeSet(nodeTreeFs, [[dir]], probeCatalog);
    return r.diagnostics.items.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
  }

  test.for([
    ['a route', '    answers: {yes: f}\n    unknown: e', []],
    ['turned off', '    answers: {yes: f}\n    unknown: false', []],
    ['no route', '    answers: {yes: f}', [`6:3 NO_UNKNOWN_ROUTE question "q" does not say where "I don't know" leads`]],
    ['a route to nowhere', '    answers: {yes: f}\n    unknown: ee', ['9:14 UNKNOWN_TARGET "unknown" of "q" leads to "ee", but tree "t" has no node "ee"']],
    ['"unknown: true"', '    answers: {yes: f}\n    unknown: true', [`9:14 BAD_VALUE "unknown: true" does not say where "I don't know" leads`, `6:3 NO_UNKNOWN_ROUTE question "q" does not say where "I don't know" leads`]],
    ['an answer called unknown', '    answers: {yes: f, unknown: e}\n    unknown: e', [`8:23 RESERVED_ID answer key "unknown" is reserved for "I don't know"`]],
  ] as const)('%s', async ([, question, want]) => {
    expect(await diagnostics(question)).toEqual(want);
  });
});

describe('no question twice on one path', () => {
  test('coming back to an answered question ends the walk escalated instead of going round; b undoes it', () => {
    const s = Session.start(deps(), { tree: 'loop' });
    s.answer('yes');
    s.answer('yes');
    const v = s.view();
    expect(v).toMatchObject({ kind: 'end', status: 'escalated', key: 'loop/first', loop: 'Does the phone sync mail?' });
    expect(s.status).toBe('escalated');
    expect(() => s.answer('no')).toThrow(/no question to answer/);
    s.back();
    expect(s.status).toBe('open');
    expect(at(s)).toBe('question:loop/second');
    s.answer('no');
    expect(at(s)).toBe('escalate:loop/hand-over');
  });
});
