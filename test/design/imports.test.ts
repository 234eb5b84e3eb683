// The folders follow the pipeline and dependencies point one way: nothing below imports from
// cli/ or ui/, and no module imports itself back through others (a cycle makes load order,
// and so what a module sees at import time, depend on who is imported first).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { root } from '../helpers/cli.js';

const src = path.join(root, 'src');

/** Every source file's relative imports (type-only ones too), as paths under src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) {
        const text = readFileSync(p, 'utf8');
        const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/g), ...text.matchAll(/import\('(\.[^']+)'\)/g)].map((m) => m[1]!);
        graph.set(
          path.relative(src, p),
          specs.map((s) => {
            const target = path.relative(src, path.resolve(path.dirname(p), s));
            return target.replace(/\.js$/, /x$/.test(target) ? '' : exists(target.replace(/\.js$/, '.tsx')) ? '.tsx' : '.ts');
          }),
        );
      }
    }
  };
  const exists = (rel: string) => {
    try {
      readFileSync(path.join(src, rel));
      return true;
    } catch {
      return false;
    }
  };
  walk(src);
  return graph;
}

const graph = importGraph();
const folder = (file: string) => (file.includes(path.sep) ? file.split(path.sep)[0]! : '.');

test('the graph is read: every import resolves to a source file', () => {
  expect(graph.size).toBeGreaterThan(50);
  const missing = [...graph].flatMap(([from, to]) => to.filter((t) => !graph.has(t)).map((t) => `${from} -> ${t}`));
  expect(missing).toEqual([]);
});

test.for([
  ['cli', ['.']],
  ['ui', ['.', 'cli']],
] as const)('only %s itself and %j import from it', ([layer, allowed]) => {
  const upward = [...graph].flatMap(([from, to]) => (folder(from) === layer || (allowed as readonly string[]).includes(folder(from)) ? [] : to.filter((t) => folder(t) === layer).map((t) => `${from} -> ${t}`)));
  expect(upward).toEqual([]);
});

test('no import cycles', () => {
  // Tarjan's strongly connected components: any with more than one file is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  expect(cycles).toEqual([]);
});
