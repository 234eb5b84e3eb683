// Fuzz: hostile IIS logs (seeded) through `eas-doctor log` (text, --json, --user, --device) and
// the iis.log probe, in process, and a sample through the built CLI: a clean report or a clean
// error, exit 0 or 1 for a file that exists, valid JSON, no stack trace, no raw control byte in
// the text output, a time bound.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBuilt, runCli, type CliResult } from '../helpers/cli.js';
import { cli } from '../helpers/main.js';
import { exitProblems, outputProblems } from './hazards.js';
import { hostileLog } from './log-mutations.js';
import { caseRng, fuzzConfig, runBatch } from './rng.js';

const config = fuzzConfig();
const TEST_FILE = 'test/fuzz/logs.test.ts';
const batch = { seed: config.seed, testFile: TEST_FILE, batch: 'log', ext: 'log', label: (ops: string[]) => `log [${ops.join('; ')}]` };
/** Generous bound per command, for a loaded CI machine; a hang or a quadratic read is what it catches. */
const COMMAND_MS = 10_000;

type Runner = (args: string[], env: Record<string, string>) => Promise<CliResult>;
// One reading thread in process (the worker is the built CLI's; the sample below runs it).
const inProcess: Runner = (args, env) => cli(args, { EAS_DOCTOR_LOG_WORKERS: '1', ...env });
const spawned: Runner = (args, env) => runCli(args, { env, timeoutMs: COMMAND_MS });

async function checkCase(i: number, run: Runner): Promise<{ problems: string[]; input: Uint8Array; ops: string[] }> {
  const rng = caseRng(config.seed, 'log', i);
  const m = hostileLog(rng);
  const dir = mkdtempSync(path.join(tmpdir(), 'eas-fuzz-log-'));
  const file = path.join(dir, rng.chance(0.5) ? 'u_ex240501.log' : 'u_ex240501.log.gz');
  writeFileSync(file, m.bytes);
  const problems: string[] = [];
  const timed = async (name: string, args: string[], allowed: readonly number[] = [0, 1]) => {
    const started = performance.now();
    const r = await run(args, {});
    const ms = performance.now() - started;
    const json = args.includes('--json');
    // JSON escapes what it carries; the text output must hold no raw control at all.
    const found = [...exitProblems(r.code, allowed), ...outputProblems(`${name} stderr`, r.stderr), ...(json ? [] : outputProblems(`${name} stdout`, r.stdout))];
    if (ms > COMMAND_MS) found.push(`took ${Math.round(ms)} ms`);
    if (r.code !== 0 && r.stdout === '' && r.stderr.trim() === '') found.push(`exit ${String(r.code)} and no word on why`);
    problems.push(...found.map((p) => `${name}: ${p}`));
    return r;
  };

  await timed('log', ['log', file]);
  const json = await timed('log --json', ['log', file, '--json']);
  if (json.stdout) {
    try {
      const out = JSON.parse(json.stdout) as { format?: string };
      if (out.format !== 'eas-doctor.log') problems.push(`log --json: format ${String(out.format)}`);
      problems.push(...outputProblems('log --json stdout', json.stdout).filter((p) => !/raw U\+00(0a|09)/.test(p)));
    } catch (err) {
      problems.push(`log --json: not JSON (${(err as Error).message}): ${JSON.stringify(json.stdout.slice(0, 300))}`);
    }
  }
  if (rng.chance(0.5)) await timed('log --user', ['log', file, '--user', m.user]);
  else await timed('log --device', ['log', file, '--device', m.device]);
  if (rng.chance(0.3)) await timed('probe iis.log', ['probe', 'iis.log', '-p', `file=${file}`, '-p', `user=${m.user}`]);
  return { problems, input: m.bytes, ops: m.ops };
}

describe('fuzz: hostile IIS logs', () => {
  const count = config.count(150);

  test(`${count} hostile logs through log and the iis.log probe, in process`, async () => {
    const started = performance.now();
    expect(await runBatch({ ...batch, count, check: (i) => checkCase(i, inProcess) })).toBe('');
    expect(performance.now() - started, `seed ${config.seed}`).toBeLessThan(Math.max(60_000, count * 1_000));
  }, 300_000);

  test('a sample through the built CLI', async () => {
    ensureBuilt();
    expect(await runBatch({ ...batch, count: Math.min(4, config.count(4)), check: (i) => checkCase(i, spawned) })).toBe('');
  }, 300_000);
});
