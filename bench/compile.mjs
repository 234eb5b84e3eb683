// bench/compile: load + validate + compile synthetic tree sets of 1k, 10k and 50k nodes.
// Target (issue 2): 10k nodes in at most 0.5 s; 50k at most 6x the 10k time (linear growth).
// Usage: node bench/compile.mjs [sizes...]   (default 1000 10000 50000)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import path from 'node:path';
import { api, machine, median, work } from './lib.mjs';

const { loadTreeSet, compileTrees, createWalkMachine, probeCatalog, folderTreeCache } = await api();
const nodeFs = { readFile: (f) => fs.readFile(f), readdir: (d) => fs.readdir(d), stat: (f) => fs.stat(f) };
const PER_TREE = 1000;

/** Writes `nodes` nodes as trees of 1000: a chain of questions, each with a fix beside it. */
function writeSet(dir, nodes) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const trees = Math.max(1, Math.round(nodes / PER_TREE));
  const per = Math.round(nodes / trees);
  for (let t = 0; t < trees; t++) {
    const id = `t${t}`;
    const pairs = Math.floor((per - 1) / 2);
    const lines = [`id: ${id}`, `title: Synthetic tree ${t}`, 'version: 1', 'inputs:', '  host: {ask: Host, format: hostname}', 'start: q0', 'nodes:'];
    for (let i = 0; i < pairs; i++) {
      const next = i + 1 < pairs ? `q${i + 1}` : t + 1 < trees ? `"t${t + 1}#start"` : 'esc';
      lines.push(`  q${i}:`, `    question: Is step ${i} on {{host}} fine?`, ...(i % 10 === 0 ? ['    probe:', '      use: tcp.connect', '      with: {host: "{{host}}", port: 443}', '      map: {connected: "yes", refused: "no"}'] : []), '    answers:', `      "yes": ${next}`, `      "no": f${i}`);
      lines.push(`  f${i}:`, `    fix: Fix step ${i}`, `    cause: Step ${i} is broken`, '    why: Synthetic.', '    steps:', '      - text: Run it', '        run: {shell: powershell, code: "Test-NetConnection {{host}} -Port 443"}', '    verify: It works.', '    sources: [bench]', '    unresolved: esc');
    }
    lines.push('  esc:', '    escalate: Hand over', '    to: Tier 2');
    writeFileSync(path.join(dir, `${id}.yaml`), lines.join('\n') + '\n');
  }
}

/**
 * One load in a fresh process, as a user's every run is: nothing is JIT-compiled yet. The
 * child times load+validate and compile in-process and prints them as JSON.
 */
function fresh(dir, cacheDir) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--once', dir, ...(cacheDir ? [cacheDir] : [])], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** One load in this process (after a warm-up run: the JIT has compiled the loader). */
async function once(dir, cacheDir) {
  const t0 = performance.now();
  const loaded = await loadTreeSet(nodeFs, [[dir]], probeCatalog, { cache: cacheDir ? folderTreeCache(cacheDir) : undefined });
  const t1 = performance.now();
  const compiled = compileTrees(loaded.set);
  createWalkMachine(compiled.config, { runner: async () => ({}), now: Date.now, inputs: () => ({}), secrets: () => ({}), timeoutFor: () => 1000 });
  const t2 = performance.now();
  return { total: t2 - t0, load: t1 - t0, compile: t2 - t1, nodes: compiled.nodes.size };
}

if (process.argv[2] === '--once') {
  const [, , , dir, cacheDir] = process.argv;
  const t0 = performance.now();
  const loaded = await loadTreeSet(nodeFs, [[dir]], probeCatalog, { cache: cacheDir ? folderTreeCache(cacheDir) : undefined });
  const t1 = performance.now();
  if (loaded.diagnostics.errorCount) throw new Error(`synthetic set has errors: ${loaded.diagnostics.items[0].message}`);
  const compiled = compileTrees(loaded.set);
  createWalkMachine(compiled.config, { runner: async () => ({}), now: Date.now, inputs: () => ({}), secrets: () => ({}), timeoutFor: () => 1000 });
  const t2 = performance.now();
  console.log(JSON.stringify({ total: t2 - t0, load: t1 - t0, compile: t2 - t1, nodes: compiled.nodes.size }));
  process.exit(0);
}

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const results = {};
const warmResults = {};
const freshResults = {};
console.log(`bench/compile on ${machine()}, load average ${os.loadavg()[0].toFixed(1)}`);
console.log('cold: no cache, every file parsed; warm: parsed trees read from the content-hash cache;');
console.log('in-process after a warm-up run; fresh: the cold figure in a new process (nothing JIT-compiled)');
console.log('nodes     load+validate   compile   total cold   total warm   fresh cold   (medians of 3)');
for (const size of sizes.length ? sizes : [1000, 10000, 50000]) {
  const dir = path.join(work, `compile-${size}`);
  writeSet(dir, size);
  await once(dir); // warm-up: file cache and JIT
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await once(dir));
  const cacheDir = path.join(work, `cache-${size}`);
  rmSync(cacheDir, { recursive: true, force: true });
  await once(dir, cacheDir); // fills the cache
  const warm = [];
  for (let i = 0; i < 3; i++) warm.push(await once(dir, cacheDir));
  const freshCold = median([0, 1, 2].map(() => fresh(dir).total));
  freshResults[size] = freshCold;
  const m = (k) => median(runs.map((r) => r[k]));
  const w = median(warm.map((r) => r.total));
  results[size] = m('total');
  warmResults[size] = w;
  console.log(`${String(runs[0].nodes).padEnd(9)} ${m('load').toFixed(0).padStart(8)} ms ${m('compile').toFixed(0).padStart(8)} ms ${m('total').toFixed(0).padStart(8)} ms ${w.toFixed(0).padStart(8)} ms ${freshCold.toFixed(0).padStart(8)} ms`);
}
if (results[10000] !== undefined) {
  console.log(`target 10k <= 500 ms, cold: ${results[10000] <= 500 ? 'met' : 'NOT met'} (${results[10000].toFixed(0)} ms); warm: ${warmResults[10000] <= 500 ? 'met' : 'NOT met'} (${warmResults[10000].toFixed(0)} ms)`);
}
if (results[10000] !== undefined && results[50000] !== undefined) {
  const ratio = results[50000] / results[10000];
  console.log(`target 50k/10k <= 6: ${ratio <= 6 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`);
}
