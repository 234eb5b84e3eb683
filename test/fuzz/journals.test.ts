// Fuzz: damaged session journals (seeded) beside an intact one, through `sessions`,
// `sessions --json`, `export` (md, html, json), `replay` of that JSON, and `resume` without a
// terminal (with `--answers -` on an empty standard input, and without: refused, never a hang).
// Every command in process for every case, and a sample through the built CLI. Whatever the
// damage: the intact session is still listed, the damaged one is listed (as damaged, or marked
// with what was skipped), a readable one exports, exit codes are the README's, no stack trace,
// no raw control byte, a time bound.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import type * as TreesModule from '../../src/cli/trees.js';
import { readJournalText } from '../../src/transcript/journal.js';
import { ensureBuilt, root, runCli, type CliResult } from '../helpers/cli.js';
import { cli } from '../helpers/main.js';
import { exitProblems, outputProblems } from './hazards.js';
import { damage } from './journal-mutations.js';
import { caseRng, fuzzConfig, runBatch } from './rng.js';

// The trees are the same for every command here: parse them once (the commands stay real).
vi.mock('../../src/cli/trees.js', async (importOriginal) => {
  const real = await importOriginal<typeof TreesModule>();
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, load());
    return memo.get(key) as Promise<T>;
  };
  return {
    ...real,
    loadTrees: (io: Parameters<typeof real.loadTrees>[0], extra: string[] = [], opts: Parameters<typeof real.loadTrees>[2] = {}) => (extra.length || opts.noBundled ? real.loadTrees(io, extra, opts) : once('all', () => real.loadTrees(io, extra, opts))),
    loadCleanTrees: (io: Parameters<typeof real.loadCleanTrees>[0], extra: string[] = []) => (extra.length ? real.loadCleanTrees(io, extra) : once('clean', () => real.loadCleanTrees(io, extra))),
  };
});

const config = fuzzConfig();
const TEST_FILE = 'test/fuzz/journals.test.ts';
const batch = { seed: config.seed, testFile: TEST_FILE, batch: 'journal', ext: 'jsonl', label: (ops: string[]) => `journal damaged by [${ops.join('; ')}]` };
const TREES = path.join(root, 'trees');
/** Generous bound per command, for a loaded CI machine; a hang is what it catches. */
const COMMAND_MS = 10_000;

/** Real journals, made by real scripted walks of the ssl tree (--journal): open, resolved, escalated, at a fix. */
const WALKS = [
  'host=mail.contoso.com\nyes\n',
  'host=mail.contoso.com\nserver=EX01\nyes\nexpired\nfixed\n',
  'host=mail.contoso.com\nnote: the phone is on 10.0.0.5\nyes\nweak\nback\nfine\nno\n',
  'host=mail.contoso.com\nserver=EX01\nyes\nexpired\n',
];
const bases: Array<{ id: string; text: string }> = [];

beforeAll(async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'eas-fuzz-base-'));
  for (const walk of WALKS) {
    const r = await cli(['run', 'ssl', '--answers', '-', '--journal', '--ticket', 'INC-1'], { EAS_DOCTOR_TREES: TREES, EAS_DOCTOR_HOME: home }, walk);
    expect(r.code, r.stderr).not.toBe(2);
  }
  const dir = path.join(home, 'sessions');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) bases.push({ id: f.slice(0, -6), text: readFileSync(path.join(dir, f), 'utf8') });
  expect(bases).toHaveLength(WALKS.length);
}, 120_000);

type Runner = (args: string[], env: Record<string, string>, input?: string) => Promise<CliResult>;
const inProcess: Runner = (args, env, input = '') => cli(args, env, input);
const spawned: Runner = (args, env, input = '') => runCli(args, { env, input, timeoutMs: COMMAND_MS });

/** One case: a data folder with an intact journal and a damaged one; every command over it. */
async function checkCase(i: number, run: Runner): Promise<{ problems: string[]; input: string | Uint8Array; ops: string[] }> {
  const rng = caseRng(config.seed, 'journal', i);
  const victim = rng.pick(bases);
  const intact = rng.pick(bases.filter((b) => b !== victim));
  const mutant = damage(victim.text, rng);
  const home = mkdtempSync(path.join(tmpdir(), 'eas-fuzz-journal-'));
  mkdirSync(path.join(home, 'sessions'), { mode: 0o700 });
  writeFileSync(path.join(home, 'sessions', `${intact.id}.jsonl`), intact.text);
  writeFileSync(path.join(home, 'sessions', `${victim.id}.jsonl`), mutant.text);
  const env = { EAS_DOCTOR_TREES: TREES, EAS_DOCTOR_HOME: home, NO_COLOR: '1' };
  const problems: string[] = [];

  const timed = async (name: string, args: string[], allowed: readonly number[], input = '') => {
    const started = performance.now();
    const r = await run(args, env, input);
    const ms = performance.now() - started;
    const found = [...exitProblems(r.code, allowed), ...outputProblems(`${name} stdout`, r.stdout), ...outputProblems(`${name} stderr`, r.stderr)];
    if (ms > COMMAND_MS) found.push(`took ${Math.round(ms)} ms`);
    problems.push(...found.map((p) => `${name}: ${p}`));
    return r;
  };

  // sessions, text: both journals named, the intact one as a session.
  const text = await timed('sessions', ['sessions'], [0, 1]);
  if (!new RegExp(`^${intact.id} `, 'm').test(text.stdout)) problems.push(`sessions: the intact session ${intact.id} is not listed:\n${text.stdout.slice(0, 600)}`);
  if (!text.stdout.includes(victim.id)) problems.push(`sessions: the damaged journal ${victim.id} is not listed:\n${text.stdout.slice(0, 600)}`);

  // sessions --json: valid, both there, the damaged one with what is wrong.
  const json = await timed('sessions --json', ['sessions', '--json'], [0, 1]);
  let readable = false;
  try {
    const out = JSON.parse(json.stdout) as { sessions: Array<{ id: string; problems: string[] }>; damaged: Array<{ id: string; problem: string }> };
    if (!out.sessions.some((s) => s.id === intact.id)) problems.push(`sessions --json: the intact session ${intact.id} is not in "sessions"`);
    const listed = out.sessions.find((s) => s.id === victim.id);
    const broken = out.damaged.find((d) => d.id === victim.id);
    readable = listed !== undefined;
    if (!listed && !broken) problems.push(`sessions --json: ${victim.id} is neither a session nor damaged`);
    if (broken && !(typeof broken.problem === 'string' && broken.problem.length > 10)) problems.push(`sessions --json: ${victim.id} damaged without saying why: ${JSON.stringify(broken)}`);
    const skipped = readJournalText(typeof mutant.text === 'string' ? mutant.text : new TextDecoder().decode(mutant.text)).problems.length;
    if (listed && skipped > 0 && listed.problems.length === 0) problems.push(`sessions --json: ${victim.id} has ${skipped} damaged line(s) but no problems listed`);
    if ((json.code === 1) !== out.damaged.length > 0) problems.push(`sessions --json: exit ${String(json.code)} with ${out.damaged.length} damaged`);
  } catch (err) {
    problems.push(`sessions --json: not JSON (${(err as Error).message}): ${JSON.stringify(json.stdout.slice(0, 300))}`);
  }

  // export: a session `sessions` lists is one that exports; a damaged one is refused cleanly.
  for (const format of ['md', 'html']) {
    const r = await timed(`export --format ${format}`, ['export', victim.id, '--format', format], readable ? [0] : [0, 1, 2]);
    if (r.code !== 0 && !/^eas-doctor export: /m.test(r.stderr)) problems.push(`export --format ${format}: exit ${String(r.code)} without a message: ${JSON.stringify(r.stderr.slice(0, 300))}`);
  }
  const transcript = path.join(home, 'walk.json');
  const exported = await timed('export --format json', ['export', victim.id, '--format', 'json', '-o', transcript], readable ? [0] : [0, 1, 2]);
  // replay of what export wrote: a transcript of ours is never "not a transcript" (exit 2).
  if (exported.code === 0) await timed('replay', ['replay', transcript], [0, 1]);

  // resume without a terminal: scripted on an empty stdin (answers run out: 1), or refused (2).
  await timed('resume --answers -', ['resume', victim.id, '--answers', '-'], [0, 1, 2]);
  const wizard = await timed('resume (no terminal)', ['resume', victim.id], [2]);
  if (!/terminal/.test(wizard.stderr)) problems.push(`resume (no terminal): does not say a terminal is needed: ${JSON.stringify(wizard.stderr.slice(0, 300))}`);

  // After the resume (which may cut a torn tail and append), the intact one is still listed.
  const after = await timed('sessions (after resume)', ['sessions'], [0, 1]);
  if (!new RegExp(`^${intact.id} `, 'm').test(after.stdout)) problems.push(`sessions after resume: the intact session ${intact.id} is no longer listed`);
  return { problems, input: mutant.text, ops: mutant.ops };
}

describe('fuzz: damaged journals', () => {
  const count = config.count(40);

  test(`${count} damaged journals through sessions, export, replay and resume, in process`, async () => {
    const started = performance.now();
    expect(await runBatch({ ...batch, count, check: (i) => checkCase(i, inProcess) })).toBe('');
    expect(performance.now() - started, `seed ${config.seed}`).toBeLessThan(Math.max(60_000, count * 2_000));
  }, 300_000);

  test('a sample through the built CLI', async () => {
    ensureBuilt();
    expect(await runBatch({ ...batch, count: Math.min(2, config.count(2)), check: (i) => checkCase(i, spawned) })).toBe('');
  }, 300_000);
});
