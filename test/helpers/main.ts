// Runs the CLI in process, through main() with string streams: fast, for tests of parsing and
// output that need no real terminal or child process.
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { root, tempHome } from './cli.js';

const sample = path.join(root, 'test', 'fixtures', 'trees', 'sample');

/** Runs main() with string streams; stdin is not a terminal. */
export async function cli(args: string[], env: Record<string, string> = {}, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { stdin, stdout, stderr, env: { EAS_DOCTOR_TREES: sample, EAS_DOCTOR_HOME: tempHome(), EAS_DOCTOR_NO_CACHE: '1', ...env }, cwd: root, now: Date.now });
  return { code, stdout: out, stderr: err };
}

