// A tree as a diagram: Mermaid (renders on GitHub) or Graphviz DOT. Questions are diamonds,
// fixes rounded boxes, escalations double boxes; other trees' nodes are shown as exits.
import { questionAnswers, UNKNOWN_KEY, type Target, type Tree, type TreeNode } from './types.js';

export type GraphFormat = 'mermaid' | 'dot';

const MAX_LABEL = 70;

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX_LABEL ? t.slice(0, MAX_LABEL - 1) + '…' : t;
}

interface Edge {
  from: string;
  to: Target;
  label: string;
  dotted: boolean;
}

function label(node: TreeNode): string {
  switch (node.kind) {
    case 'question':
      return short(node.question) + (node.probe ? ` [probe: ${node.probe.use}]` : '');
    case 'fix':
      return 'Fix: ' + short(node.title);
    case 'escalate':
      return 'Escalate: ' + short(node.title) + ` (to ${short(node.to)})`;
  }
}

function edgesOf(node: TreeNode): Edge[] {
  if (node.kind === 'question') {
    return questionAnswers(node).map((a) => {
      const mapped = node.probe ? Object.entries(node.probe.map).filter(([, ans]) => ans === a.key).map(([cls]) => cls) : [];
      // "I don't know" is drawn dashed, like "did not help": a way on, not an observation.
      return { from: node.id, to: a.goto, label: short(a.label) + (mapped.length ? ` (${mapped.join(', ')})` : ''), dotted: a.key === UNKNOWN_KEY };
    });
  }
  if (node.kind === 'fix' && node.unresolved) return [{ from: node.id, to: node.unresolved, label: 'did not help', dotted: true }];
  return [];
}

/** Renders one tree. */
export function renderGraph(tree: Tree, format: GraphFormat): string {
  const nodes = Object.values(tree.nodes);
  const edges = nodes.flatMap(edgesOf);
  const external = new Map<string, Target>();
  const idOf = (t: Target) => {
    if (t.tree === tree.id) return t.node === 'start' ? tree.start : t.node;
    const key = `ext:${t.tree}#${t.node}`;
    external.set(key, t);
    return key;
  };
  if (format === 'dot') {
    const q = (s: string) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
    const lines = [`digraph ${q(tree.id)} {`, '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=10];', `  label=${q(tree.title)}; labelloc=t;`];
    for (const n of nodes) {
      const shape = n.kind === 'question' ? 'diamond' : n.kind === 'fix' ? 'box, style="rounded,filled", fillcolor="#dff5e1"' : 'box, peripheries=2, style=filled, fillcolor="#fde2e1"';
      lines.push(`  ${q(n.id)} [label=${q(label(n))}, shape=${shape}${n.id === tree.start ? ', penwidth=2' : ''}];`);
    }
    const body = edges.map((e) => `  ${q(e.from)} -> ${q(idOf(e.to))} [label=${q(e.label)}${e.dotted ? ', style=dashed' : ''}];`);
    for (const [key, t] of external) lines.push(`  ${q(key)} [label=${q(`→ ${t.tree}#${t.node}`)}, shape=cds];`);
    return [...lines, ...body, '}'].join('\n') + '\n';
  }
  const mid = (id: string) => 'n_' + id.replace(/[^A-Za-z0-9]/g, '_');
  const m = (s: string) => '"' + s.replace(/"/g, '#quot;') + '"';
  const lines = ['flowchart TD'];
  for (const n of nodes) {
    const text = m(label(n));
    lines.push(`  ${mid(n.id)}${n.kind === 'question' ? `{${text}}` : n.kind === 'fix' ? `([${text}])` : `[[${text}]]`}`);
  }
  const body = edges.map((e) => `  ${mid(e.from)} ${e.dotted ? '-.->' : '-->'}|${m(e.label)}| ${mid(idOf(e.to))}`);
  for (const [key, t] of external) lines.push(`  ${mid(key)}>${m(`→ ${t.tree}#${t.node}`)}]`);
  lines.push(...body);
  lines.push(`  classDef fix fill:#dff5e1,stroke:#2e7d32`, `  classDef esc fill:#fde2e1,stroke:#c62828`);
  const fixes = nodes.filter((n) => n.kind === 'fix').map((n) => mid(n.id));
  const escs = nodes.filter((n) => n.kind === 'escalate').map((n) => mid(n.id));
  if (fixes.length) lines.push(`  class ${fixes.join(',')} fix`);
  if (escs.length) lines.push(`  class ${escs.join(',')} esc`);
  return lines.join('\n') + '\n';
}
