// Fuzz: mutated copies of the shipped trees (a few hundred, seeded) through the real loader and
// validator in process, and a sample through the built CLI. Whatever the damage: no exception,
// every diagnostic positioned inside the file and printable without a raw control byte, a
// refusal of alias bombs, the promised diagnostic for a known mistake, a time bound; the CLI
// exits 0 or 1 with `file:line:column: error` lines and never a stack trace.
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileTrees } from '../../src/compile/compile.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { DIAGNOSTIC_CODES, formatDiagnostic } from '../../src/tree/diagnostics.js';
import { cacheKey, type CachedTree, type TreeCache } from '../../src/tree/tree-cache.js';
import { loadTreeSet, type TreeFs } from '../../src/tree/tree-set.js';
import { ensureBuilt, root, runCli } from '../helpers/cli.js';
import { exitProblems, outputProblems } from './hazards.js';
import { caseRng, fuzzConfig, runBatch } from './rng.js';
import { mutate, type Mutant } from './tree-mutations.js';

const config = fuzzConfig();
const TEST_FILE = 'test/fuzz/trees.test.ts';
const batch = (name: string) => ({ seed: config.seed, testFile: TEST_FILE, batch: name, ext: 'yaml', label: ([file, ...ops]: string[]) => `${file ?? ''} mutated by [${ops.join('; ')}]` });
const treesDir = path.join(root, 'trees');
const names = readdirSync(treesDir).filter((n) => n.endsWith('.yaml')).sort();
const originals = new Map(names.map((n) => [n, readFileSync(path.join(treesDir, n))]));
/** Where the mutant seems to be: a folder that is never created (the loader reads through TreeFs). */
const fuzzDir = path.join(tmpdir(), 'eas-fuzz-trees');

/** Most time one mutant may take to load and validate with the bundled set, in process (generous: a loaded CI machine). */
const CASE_MS = 5_000;
/** Diagnostics that mean the file could not be read as a tree at all. */
const FATAL = new Set(['FILE_TOO_LARGE', 'BINARY_FILE', 'EMPTY_FILE', 'YAML_SYNTAX', 'DUPLICATE_KEY']);

/** The bundled files from memory, plus the one mutant in its own folder. */
function memoryFs(mutantPath: string, bytes: Uint8Array): TreeFs {
  const files = new Map<string, Uint8Array>([...originals].map(([n, b]) => [path.join(treesDir, n), b]));
  files.set(mutantPath, bytes);
  return {
    readFile: async (f) => {
      const b = files.get(f);
      if (!b) throw Object.assign(new Error(`ENOENT: ${f}`), { code: 'ENOENT' });
      return b;
    },
    readdir: async (d) => (d === treesDir ? names : []),
    stat: async (f) => ({ isDirectory: () => f === treesDir, isFile: () => files.has(f) }),
  };
}

/** Parsed bundled trees kept between cases (copies handed out: the loader adds tests to a tree). */
const parsed = new Map<string, CachedTree>();
const memoryCache: TreeCache = {
  get: (k) => {
    const hit = parsed.get(k);
    return hit && structuredClone(hit);
  },
  set: (k, v) => {
    if (parsed.size < 64) parsed.set(k, structuredClone(v));
  },
};
const bundledKeys = new Set([...originals].map(([n, b]) => cacheKey(path.join(treesDir, n), b)));
const bundledOnly: TreeCache = { get: memoryCache.get, set: (k, v) => (bundledKeys.has(k) ? memoryCache.set(k, v) : undefined) };

/** Everything wrong with loading one mutant, in words (empty when it held up). */
async function checkMutant(name: string, m: Mutant): Promise<string[]> {
  const file = path.join(fuzzDir, name);
  const problems: string[] = [];
  const started = performance.now();
  let result;
  try {
    result = await loadTreeSet(memoryFs(file, m.bytes), [[treesDir], [file]], probeCatalog, { cache: bundledOnly, workers: false });
  } catch (err) {
    return [`the loader threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`];
  }
  const lineCount = new TextDecoder().decode(m.bytes).split(/\r\n|\r|\n/).length;
  const items = result.diagnostics.items;
  for (const d of items) {
    const where = `${d.code} at ${d.line}:${d.column}`;
    if (!(d.code in DIAGNOSTIC_CODES)) problems.push(`unknown diagnostic code ${where}`);
    if (d.severity !== 'error' && d.severity !== 'warning') problems.push(`bad severity ${String(d.severity)} for ${where}`);
    if (!Number.isInteger(d.line) || !Number.isInteger(d.column) || d.line < 1 || d.column < 1) problems.push(`position not 1-based integers: ${where}`);
    if (d.file === file && d.line > lineCount + 1) problems.push(`${where} is past the end of the file (${lineCount} lines)`);
    if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`${where} has no message`);
    const shown = formatDiagnostic(d, result.sources.get(d.file));
    problems.push(...outputProblems(`diagnostic ${where}`, shown));
    // A message quotes at most a clipped excerpt of the input: never the 900 KB value itself.
    if (shown.length > 4_000) problems.push(`diagnostic ${where} is ${shown.length} characters long: ${JSON.stringify(shown.slice(0, 300))}...`);
  }
  // The bundled trees are clean: a diagnostic in another file means the mutant broke the set
  // (a route into it), which must be reported in the file that names the route, positioned.
  const codes = new Set(items.filter((d) => d.file === file).map((d) => d.code));
  const fatal = [...codes].some((c) => FATAL.has(c));
  for (const e of m.expect) {
    if (e.anyOf.some((c) => codes.has(c))) continue;
    // A file that cannot be read at all (a syntax error before the bomb, say) is refused already.
    if (fatal) continue;
    problems.push(`after "${e.op}" the loader should report one of ${e.anyOf.join(', ')}; it reported ${[...codes].join(', ') || 'nothing'}`);
  }
  if (result.diagnostics.errorCount === 0) {
    try {
      compileTrees(result.set);
    } catch (err) {
      problems.push(`the set has no errors but does not compile: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  const ms = performance.now() - started;
  if (ms > CASE_MS) problems.push(`took ${Math.round(ms)} ms (bound ${CASE_MS} ms)`);
  return problems;
}

/** The i-th case of a batch: which file, and its mutant. */
function fuzzCase(batch: string, i: number): { name: string; mutant: Mutant } {
  const rng = caseRng(config.seed, batch, i);
  const name = rng.pick(names);
  return { name, mutant: mutate(originals.get(name)!.toString('utf8'), rng) };
}

describe('fuzz: mutated trees', () => {
  const count = config.count(300);

  test(`${count} mutants through the loader and validator, in process`, async () => {
    const started = performance.now();
    const check = async (i: number) => {
      const { name, mutant } = fuzzCase('tree', i);
      return { problems: await checkMutant(name, mutant), input: mutant.bytes, ops: [name, ...mutant.ops] };
    };
    expect(await runBatch({ ...batch('tree'), count, check })).toBe('');
    // The whole batch is bounded too (each case is, above); generous for a loaded machine.
    expect(performance.now() - started, `seed ${config.seed}`).toBeLessThan(Math.max(60_000, count * 400));
  }, 240_000);

  test(`a sample through the built CLI: validate exits 0 or 1, positioned, no stack trace`, async () => {
    ensureBuilt();
    const dir = mkdtempSync(path.join(tmpdir(), 'eas-fuzz-cli-'));
    const sample = config.count(20) === 20 ? 20 : Math.max(1, Math.ceil(config.count(20) / 15));
    const run = async (i: number) => {
      const { name, mutant } = fuzzCase('tree-cli', i);
      const sub = path.join(dir, String(i));
      mkdirSync(sub);
      const file = path.join(sub, name);
      writeFileSync(file, mutant.bytes);
      const json = i % 4 === 3;
      const started = performance.now();
      const r = await runCli(['validate', file, ...(json ? ['--json'] : [])], { timeoutMs: 10_000 });
      const ms = performance.now() - started;
      const problems = [...exitProblems(r.code, [0, 1]), ...outputProblems('stdout', r.stdout), ...outputProblems('stderr', r.stderr)];
      if (ms > 10_000) problems.push(`took ${Math.round(ms)} ms`);
      if (r.code === 1 && !json && !/^\S.*:\d+:\d+: error [A-Z_]+ /m.test(r.stderr)) problems.push(`exit 1 without a file:line:column error: ${JSON.stringify(r.stderr.slice(0, 400))}`);
      if (json) {
        try {
          const out = JSON.parse(r.stdout) as { format?: string };
          if (out.format !== 'eas-doctor.validate') problems.push(`--json format ${String(out.format)}`);
        } catch {
          problems.push(`--json is not JSON: ${JSON.stringify(r.stdout.slice(0, 300))}`);
        }
      }
      return { problems, input: mutant.bytes, ops: [name, ...mutant.ops] };
    };
    // Two at a time (the CI machine has two cores): case i runs while case i+1 does, and waits for it.
    const pairs = new Map<number, ReturnType<typeof run>>();
    const check = (i: number) => {
      if (!pairs.has(i)) [i, i + 1].filter((k) => k < sample).forEach((k) => pairs.set(k, run(k)));
      return pairs.get(i)!;
    };
    expect(await runBatch({ ...batch('tree-cli'), count: sample, check })).toBe('');
  }, 240_000);
});
