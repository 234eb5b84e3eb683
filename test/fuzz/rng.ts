// A small seeded random source for the fuzz suite, so every failure can be replayed: the
// seed of the run (EAS_DOCTOR_FUZZ_SEED, default fixed so CI is deterministic) and the case
// number are in every failure message; `EAS_DOCTOR_FUZZ_SEED=random` picks a new seed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The default seed: the same cases on every CI run. */
const DEFAULT_SEED = 20_261_206;

/** mulberry32: tiny, fast, good enough to pick mutations (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }
}

/** The run's seed and how many cases each batch runs (EAS_DOCTOR_FUZZ_COUNT scales them). */
export interface FuzzConfig {
  seed: number;
  /** `count(default)`: the batch size, scaled by EAS_DOCTOR_FUZZ_COUNT when set. */
  count(defaultCount: number): number;
}

export function fuzzConfig(env: NodeJS.ProcessEnv = process.env): FuzzConfig {
  const raw = env.EAS_DOCTOR_FUZZ_SEED;
  const seed = raw === 'random' ? Math.floor(Math.random() * 2 ** 31) : raw && /^\d+$/.test(raw) ? Number(raw) >>> 0 : DEFAULT_SEED;
  const n = Number(env.EAS_DOCTOR_FUZZ_COUNT);
  return { seed, count: (d) => (Number.isInteger(n) && n > 0 ? n : d) };
}

/** The random source of case `i` of a batch: independent of how many cases ran before it. */
export function caseRng(seed: number, batch: string, i: number): Rng {
  let h = seed ^ 0x9e3779b9;
  for (const ch of `${batch}#${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return new Rng(h >>> 0);
}

let failDir: string | undefined;

/**
 * Says how to replay a failing case, and keeps its input in a file to look at: a line for
 * every assertion message of the suite.
 */
export function replayHint(seed: number, testFile: string, batch: string, i: number, input?: string | Uint8Array, ext = 'txt'): string {
  let kept = '';
  if (input !== undefined) {
    failDir ??= mkdtempSync(path.join(tmpdir(), 'eas-fuzz-failed-'));
    const file = path.join(failDir, `${batch}-${seed}-${i}.${ext}`);
    writeFileSync(file, input);
    kept = `; input kept in ${file}`;
  }
  return `[fuzz seed ${seed}, ${batch} case ${i}: replay with EAS_DOCTOR_FUZZ_SEED=${seed} npx vitest run ${testFile}${kept}]`;
}

const encoder = new TextEncoder();

/** `text` with 1..`max` random bytes (often not UTF-8) inserted at a random byte. */
export function insertRandomBytes(text: string, rng: Rng, max: number): { text: Uint8Array; op: string } {
  const bytes = encoder.encode(text);
  const at = rng.int(0, bytes.length);
  const junk = Uint8Array.from({ length: rng.int(1, max) }, () => rng.int(0, 255));
  return { text: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]), op: `${junk.length} random bytes at byte ${at}` };
}

/** `text` cut at a random byte (perhaps inside a UTF-8 sequence). */
export function truncateRandomly(text: string, rng: Rng): { text: Uint8Array; op: string } {
  const bytes = encoder.encode(text);
  const at = rng.int(0, bytes.length);
  return { text: bytes.slice(0, at), op: `truncated at byte ${at}` };
}

/** One case's verdict: what went wrong (nothing, when it held up), its input and mutations. */
export interface CaseResult {
  problems: string[];
  input: string | Uint8Array;
  ops: string[];
}

/**
 * Runs cases 0..count-1 of a batch one after another (stopping after 5 failures) and returns
 * the failures as text, each with its mutations, problems and how to replay it: empty when all
 * held up.
 */
export async function runBatch(opts: { seed: number; testFile: string; batch: string; count: number; ext: string; label: (ops: string[]) => string; check: (i: number) => Promise<CaseResult> }): Promise<string> {
  const failures: string[] = [];
  for (let i = 0; i < opts.count && failures.length < 5; i++) {
    const { problems, input, ops } = await opts.check(i);
    if (problems.length) failures.push(`${opts.label(ops)}:\n  ${problems.slice(0, 6).join('\n  ')}\n  ${replayHint(opts.seed, opts.testFile, opts.batch, i, input, opts.ext)}`);
  }
  return failures.join('\n\n');
}
