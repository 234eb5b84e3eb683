// A tree as a diagram: Mermaid (renders on GitHub) or Graphviz DOT. Questions are diamonds,
// fixes rounded boxes, escalations double boxes; every label starts with the node id, so an
// author can find the node in the YAML. Nodes that other trees lead to get an entry marker
// naming where from; targets in other trees are drawn as exits. Long texts wrap, never cut.
import { edgesOf, type Entry } from './references.js';
import type { Target, Tree, TreeNode } from './types.js';

export type GraphFormat = 'mermaid' | 'dot';
export type GraphDirection = 'TB' | 'LR';

export interface GraphOptions {
  format: GraphFormat;
  /** Top to bottom or left to right. @default 'TB' */
  direction?: GraphDirection;
  /** Where nodes are entered from other trees, by node id (`entriesFromOtherTrees`). */
  entries?: ReadonlyMap<string, readonly Entry[]>;
}

/** Characters per line in node labels and edge labels. */
const NODE_WIDTH = 32;
const EDGE_WIDTH = 24;
/** Entries listed on one marker before "and N more". */
const MAX_ENTRIES = 5;

/** Breaks text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    while ([...word].length > width) {
      if (line) lines.push(line);
      line = '';
      lines.push([...word].slice(0, width).join(''));
      word = [...word].slice(width).join('');
    }
    if (!word) continue;
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function nodeLines(node: TreeNode): string[] {
  switch (node.kind) {
    case 'question':
      return [node.id, ...wrap(node.question, NODE_WIDTH), ...(node.probe ? [`probe: ${node.probe.use}`] : [])];
    case 'fix':
      return [node.id, ...wrap('Fix: ' + node.title, NODE_WIDTH)];
    case 'escalate':
      return [node.id, ...wrap('Escalate: ' + node.title, NODE_WIDTH), ...wrap(`to ${node.to}`, NODE_WIDTH)];
  }
}

function entryLines(entries: readonly Entry[]): string[] {
  const shown = entries.slice(0, MAX_ENTRIES).map((e) => `from ${e.tree}#${e.node}`);
  return ['entry', ...shown, ...(entries.length > MAX_ENTRIES ? [`and ${entries.length - MAX_ENTRIES} more`] : [])];
}

interface Drawn {
  id: string;
  lines: string[];
  shape: 'question' | 'fix' | 'escalate' | 'exit' | 'entry';
  start?: boolean;
}
interface Line {
  from: string;
  to: string;
  lines: string[];
  dashed: boolean;
}

/** The diagram as shapes and lines, before any syntax. */
function layout(tree: Tree, entries: ReadonlyMap<string, readonly Entry[]>): { nodes: Drawn[]; lines: Line[] } {
  const nodes: Drawn[] = Object.values(tree.nodes).map((n) => ({ id: `n:${n.id}`, lines: nodeLines(n), shape: n.kind, start: n.id === tree.start }));
  const exits = new Map<string, Drawn>();
  const idOf = (t: Target) => {
    if (t.tree === tree.id) return `n:${t.node === 'start' ? tree.start : t.node}`;
    const id = `x:${t.tree}#${t.node}`;
    if (!exits.has(id)) exits.set(id, { id, lines: [`→ ${t.tree}#${t.node}`], shape: 'exit' });
    return id;
  };
  const lines: Line[] = Object.values(tree.nodes)
    .flatMap(edgesOf)
    .map((e) => ({
      from: `n:${e.from}`,
      to: idOf(e.to),
      lines: [...wrap(e.label, EDGE_WIDTH), ...(e.classifications.length ? wrap(`(${e.classifications.join(', ')})`, EDGE_WIDTH) : [])],
      dashed: e.fallback,
    }));
  for (const [node, from] of entries) {
    if (!tree.nodes[node] || !from.length) continue;
    nodes.push({ id: `e:${node}`, lines: entryLines(from), shape: 'entry' });
    lines.push({ from: `e:${node}`, to: `n:${node}`, lines: [], dashed: true });
  }
  return { nodes: [...nodes, ...exits.values()], lines };
}

/** Mermaid text inside "...": entities for what Mermaid or HTML would read as markup. */
export function mermaidText(s: string): string {
  // '#' first: Mermaid reads "#name;" and "#123;" as entities, so a literal one must be escaped.
  return s.replace(/#/g, '#35;').replace(/&/g, '#amp;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/"/g, '#quot;');
}

function mermaid(tree: Tree, d: ReturnType<typeof layout>, direction: GraphDirection): string {
  const ids = new Map(d.nodes.map((n, i) => [n.id, `${n.shape[0]}${i}_${n.id.slice(2).replace(/[^A-Za-z0-9]/g, '_')}`]));
  const label = (lines: string[]) => '"' + lines.map(mermaidText).join('<br/>') + '"';
  const open = { question: ['{', '}'], fix: ['([', '])'], escalate: ['[[', ']]'], exit: ['>', ']'], entry: ['[/', '/]'] } as const;
  const out = [`---`, `title: ${JSON.stringify(`${tree.id}: ${tree.title}`)}`, `---`, `flowchart ${direction}`];
  for (const n of d.nodes) out.push(`  ${ids.get(n.id)}${open[n.shape][0]}${label(n.lines)}${open[n.shape][1]}`);
  for (const l of d.lines) out.push(`  ${ids.get(l.from)} ${l.dashed ? '-.->' : '-->'}${l.lines.length ? `|${label(l.lines)}|` : ''} ${ids.get(l.to)}`);
  out.push(
    '  classDef fix fill:#dff5e1,stroke:#2e7d32',
    '  classDef esc fill:#fde2e1,stroke:#c62828',
    '  classDef entry fill:#e3f2fd,stroke:#1565c0,stroke-dasharray:4 3',
    '  classDef start stroke-width:3px',
  );
  const cls = (name: string, pick: (n: Drawn) => boolean | undefined) => {
    const members = d.nodes.filter(pick).map((n) => ids.get(n.id));
    if (members.length) out.push(`  class ${members.join(',')} ${name}`);
  };
  cls('fix', (n) => n.shape === 'fix');
  cls('esc', (n) => n.shape === 'escalate');
  cls('entry', (n) => n.shape === 'entry');
  cls('start', (n) => n.start);
  return out.join('\n') + '\n';
}

function dot(tree: Tree, d: ReturnType<typeof layout>, direction: GraphDirection): string {
  const q = (s: string) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  const label = (lines: string[]) => '"' + lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n') + '"';
  const font = 'fontname="Helvetica", fontsize=10';
  const shapes = {
    question: 'shape=diamond',
    fix: 'shape=box, style="rounded,filled", fillcolor="#dff5e1"',
    escalate: 'shape=box, peripheries=2, style=filled, fillcolor="#fde2e1"',
    exit: 'shape=cds',
    entry: 'shape=parallelogram, style="dashed,filled", fillcolor="#e3f2fd"',
  } as const;
  const out = [`digraph ${q(tree.id)} {`, `  rankdir=${direction};`, `  graph [${font}, label=${q(`${tree.id}: ${tree.title}`)}, labelloc=t];`, `  node [${font}];`, `  edge [${font}];`];
  for (const n of d.nodes) out.push(`  ${q(n.id)} [label=${label(n.lines)}, ${shapes[n.shape]}${n.start ? ', penwidth=2' : ''}];`);
  for (const l of d.lines) out.push(`  ${q(l.from)} -> ${q(l.to)} [${l.lines.length ? `label=${label(l.lines)}` : ''}${l.dashed ? `${l.lines.length ? ', ' : ''}style=dashed` : ''}];`);
  return out.join('\n') + '\n}\n';
}

/** Renders one tree. */
export function renderGraph(tree: Tree, options: GraphOptions): string {
  const d = layout(tree, options.entries ?? new Map());
  return options.format === 'dot' ? dot(tree, d, options.direction ?? 'TB') : mermaid(tree, d, options.direction ?? 'TB');
}
