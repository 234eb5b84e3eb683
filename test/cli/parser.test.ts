// The parser as a user meets it: typos, help, version, options before the command, and the
// options every printing command shares. In process, through main() with its own streams.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { commands } from '../../src/cli/main.js';
import { root } from '../helpers/cli.js';
import { cli } from '../helpers/main.js';
import { VERSION } from '../../src/version.js';

/** The commands that print a result (completion prints a script). */
const printing = Object.keys(commands).filter((c) => c !== 'completion');

describe('typos', () => {
  test.for([
    [['validate', '--strcit'], 'eas-doctor validate: unknown option --strcit; did you mean --strict?'],
    [['list', '--jsn'], 'eas-doctor list: unknown option --jsn; did you mean --json?'],
    [['sessions', '--data-dri', 'x'], 'eas-doctor sessions: unknown option --data-dri; did you mean --data-dir?'],
    [['export', 'x', '--fromat', 'md'], 'eas-doctor export: unknown option --fromat; did you mean --format?'],
    [['list', '--format', 'jsno'], 'eas-doctor list: --format must be one of: text, md, json (got "jsno"); did you mean "json"?'],
    [['validate', '--format'], 'eas-doctor validate: option --format needs a value (--format <format>)'],
  ] as const)('%j: a suggestion, a pointer to help, exit 2', async ([args, message]) => {
    const r = await cli([...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).toContain(`Run "eas-doctor ${args[0]} --help" for usage.`);
    expect(r.stdout).toBe('');
  });

  test('an unknown command suggests the closest one, exit 2', async () => {
    const r = await cli(['lsit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "lsit". Did you mean "list"?');
  });
});

describe('help and version', () => {
  test.for(Object.keys(commands))('%s --version and -V print the version', async (name) => {
    for (const flag of ['--version', '-V']) {
      const r = await cli([name, flag]);
      expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  test('-V, --version and -v alone print the version', async () => {
    for (const flag of ['-V', '--version', '-v']) expect((await cli([flag])).stdout).toBe(`${VERSION}\n`);
  });

  test.for(Object.keys(commands))('help %s is the same as its --help: usage, options, examples', async (name) => {
    const a = await cli(['help', name]);
    const b = await cli([name, '--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(new RegExp(`^Usage: eas-doctor ${name} `));
    expect(a.stdout).toMatch(/\nExamples:\n {2}eas-doctor /);
  });

  test('help with no command lists every command', async () => {
    const r = await cli(['help']);
    for (const name of Object.keys(commands)) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });
});

describe('options anywhere', () => {
  test('--trees X list lists (it does not start the wizard)', async () => {
    const dir = path.join(root, 'test', 'fixtures', 'trees', 'sample');
    const r = await cli(['--trees', dir, 'list', '--json'], { EAS_DOCTOR_TREES: path.join(root, 'trees') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTruthy();
    expect(r.stdout).toContain('"net"');
  });

  test('--json before the command is the command\'s --json', async () => {
    const r = await cli(['--json', 'sessions']);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });

  test('options with no command go to run: without a terminal it says how to script it', async () => {
    const r = await cli(['--ticket', 'INC-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('eas-doctor run TREE --answers FILE');
  });

  test.for(printing)('%s accepts --json and --no-color', async (name) => {
    const r = await cli([name, '--json', '--no-color', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}--json +\S/m);
    expect(r.stdout).toMatch(/^ {2}--no-color +\S/m);
  });
});
