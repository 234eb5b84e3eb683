// bench/search: the start screen's search, one keystroke at a time, on the shipped pack; and
// the routing benchmark (bench/routing.yaml): hits@1 and hits@3.
// Target (issue 17): under 5 ms per keystroke (95th percentile); every routing target in the
// top 3, 90 % first.
// Usage: node bench/search.mjs [--runs N]   (default 3 rounds over every query)
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { api, machine, median, root } from './lib.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const { loadTreeSet, probeCatalog, buildSearchIndex, parseRoutingCases, scoreRouting } = await api();
const nodeFs = { readFile: (f) => fs.readFile(f), readdir: (d) => fs.readdir(d), stat: (f) => fs.stat(f) };
const loaded = await loadTreeSet(nodeFs, [[path.join(root, 'trees')]], probeCatalog);
const trees = [...loaded.set.trees.values()];
const nodes = trees.reduce((n, t) => n + Object.keys(t.nodes).length, 0);
const cases = parseRoutingCases(readFileSync(path.join(root, 'bench', 'routing.yaml'), 'utf8'));

// The index is made when the wizard starts; its words are indexed at the first search.
let t = performance.now();
const index = buildSearchIndex(trees);
const buildMs = performance.now() - t;
t = performance.now();
index.search('certificate');
const firstMs = performance.now() - t;

// Every prefix of every routing query, as the start screen sees them while the user types.
const keystrokes = cases.flatMap((c) => Array.from({ length: c.q.length }, (_, i) => c.q.slice(0, i + 1)));
// One round first, unmeasured: the start screen searches warm after the first few keys.
for (const q of keystrokes) index.search(q, { limit: 20 });
// Per prefix, the best of the runs is its cost; the others add what the (shared) machine
// and the garbage collector did meanwhile. Both are printed.
const times = [];
const best = keystrokes.map(() => Infinity);
for (let r = 0; r < runs; r++) {
  keystrokes.forEach((q, i) => {
    t = performance.now();
    index.search(q, { limit: 20 });
    const ms = performance.now() - t;
    times.push(ms);
    best[i] = Math.min(best[i], ms);
  });
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pick = (xs, f) => xs[Math.min(xs.length - 1, Math.floor(xs.length * f))];
const all = sorted(times);
const own = sorted(best);
const p95 = pick(own, 0.95);
const routing = scoreRouting(index, cases);
const pct = (n) => `${((100 * n) / routing.cases).toFixed(1)} %`;

console.log(`search: ${trees.length} trees, ${nodes} nodes; ${machine()}`);
console.log(`  index: made in ${buildMs.toFixed(1)} ms, words indexed at the first search in ${firstMs.toFixed(1)} ms; load average ${os.loadavg()[0].toFixed(1)}`);
console.log(`  per keystroke (${keystrokes.length} prefixes, best of ${runs} runs each)`);
console.log(`    median ${median(own).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${own[own.length - 1].toFixed(2)} ms   target p95 < 5 ms: ${p95 < 5 ? 'met' : 'NOT met'}`);
console.log(`    every run: median ${median(all).toFixed(2)} ms, p95 ${pick(all, 0.95).toFixed(2)} ms, max ${all[all.length - 1].toFixed(2)} ms`);
console.log(`  routing (${routing.cases} queries): hits@1 ${routing.hits1} (${pct(routing.hits1)}), hits@3 ${routing.hits3} (${pct(routing.hits3)})   target 100 % / 90 %: ${routing.hits3 === routing.cases && routing.hits1 >= 0.9 * routing.cases ? 'met' : 'NOT met'}`);
for (const m of routing.misses) console.log(`    #${m.rank || '-'} ${m.expect} <- "${m.q}" (first: ${m.first ?? 'nothing'})`);
