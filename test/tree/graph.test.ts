// Graphs: every shipped tree's Mermaid goes through Mermaid's own parser (the mermaid
// package, in Node with a jsdom window for its DOMPurify), and every DOT through Graphviz's
// `dot` (CI installs graphviz). Labels carry node ids and wrap instead of being cut; text that
// Mermaid or HTML would read as markup is escaped; nodes entered from other trees say so.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { renderGraph, wrap } from '../../src/tree/graph.js';
import { entriesFromOtherTrees } from '../../src/tree/references.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import type { TreeSet } from '../../src/tree/types.js';
import { root } from '../helpers/cli.js';

let parseMermaid: (text: string) => Promise<unknown>;
let shipped: TreeSet;

beforeAll(async () => {
  // Mermaid's parse needs no browser, only a window for DOMPurify's hooks.
  const { window } = new JSDOM('');
  Object.assign(globalThis, { window, document: window.document });
  const { default: mermaid } = await import('mermaid');
  parseMermaid = (text) => mermaid.parse(text);
  const r = await loadTreeSet(nodeTreeFs, [[path.join(root, 'trees')]], probeCatalog);
  expect(r.diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
  shipped = r.set;
}, 60_000);

const dotAvailable = spawnSync('dot', ['-V']).status === 0;
function renderDot(text: string): { status: number | null; svg: string; stderr: string } {
  const r = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
  return { status: r.status, svg: r.stdout, stderr: r.stderr };
}

describe('graphs of the shipped trees', () => {
  test('there are trees to draw', () => {
    expect(shipped.trees.size).toBeGreaterThanOrEqual(8);
  });

  test('every Mermaid graph parses with Mermaid itself, both directions', async () => {
    for (const tree of shipped.trees.values()) {
      for (const direction of ['TB', 'LR'] as const) {
        const text = renderGraph(tree, { format: 'mermaid', direction, entries: entriesFromOtherTrees(shipped, tree) });
        expect(text).toContain(`flowchart ${direction}`);
        await expect(parseMermaid(text), `${tree.id} ${direction}`).resolves.toBeTruthy();
      }
    }
  });

  test.skipIf(!dotAvailable)('every DOT graph renders with Graphviz without a warning', () => {
    for (const tree of shipped.trees.values()) {
      const text = renderGraph(tree, { format: 'dot', direction: 'LR', entries: entriesFromOtherTrees(shipped, tree) });
      expect(text).toContain('rankdir=LR;');
      const r = renderDot(text);
      expect(r.stderr, tree.id).toBe('');
      expect(r.status, tree.id).toBe(0);
      // Every node id is visible in the drawing.
      for (const id of Object.keys(tree.nodes)) expect(r.svg.replace(/&#45;/g, '-'), `${tree.id}#${id}`).toContain(`>${id}</text>`);
    }
  });

  test('no label is cut: each wraps to lines of at most 32 characters holding the whole text', () => {
    const ssl = shipped.trees.get('ssl')!;
    const text = renderGraph(ssl, { format: 'dot' });
    const longest = Object.values(ssl.nodes).filter((n) => n.kind === 'question').sort((a, b) => (b.kind === 'question' && a.kind === 'question' ? b.question.length - a.question.length : 0))[0]!;
    if (longest.kind !== 'question') throw new Error('no question');
    const lines = wrap(longest.question, 32);
    expect(lines.every((l) => l.length <= 32)).toBe(true);
    expect(lines.join(' ')).toBe(longest.question.replace(/\s+/g, ' ').trim());
    expect(text).toContain(lines.join('\\n'));
    expect(text).not.toContain('…');
  });

  test('edges use the same font as nodes (DOT)', () => {
    const text = renderGraph(shipped.trees.get('ssl')!, { format: 'dot' });
    expect(text).toContain('  node [fontname="Helvetica", fontsize=10];');
    expect(text).toContain('  edge [fontname="Helvetica", fontsize=10];');
  });

  test("a tree's start, when other trees lead to it, gets an entry marker naming them", () => {
    const ssl = shipped.trees.get('ssl')!;
    const entries = entriesFromOtherTrees(shipped, ssl);
    const fromTriage = [...entries.entries()].find(([, from]) => from.some((e) => e.tree === 'triage'));
    expect(fromTriage, 'triage leads into ssl').toBeDefined();
    const [node, from] = fromTriage!;
    const e = from.find((x) => x.tree === 'triage')!;
    const mmd = renderGraph(ssl, { format: 'mermaid', entries });
    expect(mmd).toMatch(new RegExp(`e\\d+_${node.replace(/-/g, '_')}\\[/"entry<br/>.*from triage#35;${e.node}`));
    expect(mmd).toMatch(/class .* entry\n/);
    const dot = renderGraph(ssl, { format: 'dot', entries });
    expect(dot).toContain(`"e:${node}" -> "n:${node}" [style=dashed];`);
    // Without the set, no entries are drawn.
    expect(renderGraph(ssl, { format: 'dot' })).not.toContain('"e:');
  });
});

describe('text that looks like markup', () => {
  let set: TreeSet;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-graph-'));
    writeFileSync(
      path.join(dir, 'markup.yaml'),
      `id: markup
title: 'Tags <b>bold</b> & entities'
version: 1
start: q
nodes:
  q:
    question: 'Does the log show <b>401</b> or "#quot;" or C#sharp; & more?'
    answers:
      yes: {label: 'Yes <i>it</i> does #35;', goto: f}
      no: e
  f:
    fix: 'Set "Require SSL" to <off>'
    why: x
    steps: [x]
    verify: x
  e:
    escalate: 'Tier <2>'
    to: '"Exchange" & co'
`,
    );
    const r = await loadTreeSet(nodeTreeFs, [[dir]], probeCatalog);
    expect(r.diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    set = r.set;
  });

  test('reaches Mermaid as entities: no tag, no quote, no bare # entity', async () => {
    const text = renderGraph(set.trees.get('markup')!, { format: 'mermaid' });
    await expect(parseMermaid(text)).resolves.toBeTruthy();
    const body = text.split('\n').slice(4).join('\n');
    expect(body.replace(/<br\/>/g, '')).not.toMatch(/<|>"|"#quot;"|&/);
    expect(body).toContain('#lt;b#gt;401#lt;/b#gt;');
    expect(body).toContain('#quot;#35;quot;#quot;');
    expect(body).toContain('C#35;sharp; #amp; more?');
    expect(body).toContain('#lt;off#gt;');
  });

  test.skipIf(!dotAvailable)('reaches Graphviz as text: the drawing shows the tags, it does not apply them', () => {
    const r = renderDot(renderGraph(set.trees.get('markup')!, { format: 'dot' }));
    expect(r.status).toBe(0);
    expect(r.svg).toContain('&lt;b&gt;401&lt;/b&gt;');
    expect(r.svg).toContain('&quot;#quot;&quot;');
  });
});
