// Shell completion for real: bash sources the script `eas-doctor completion bash` prints and
// calls its function with COMP_WORDS/COMP_CWORD as it would on Tab; the function runs the
// built CLI (through an `eas-doctor` on PATH). zsh runs its function with compadd stood in
// for, fish its own `complete -C`; the completions themselves are also checked in process.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, test } from 'vitest';
import { complete } from '../../src/cli/complete.js';
import { completionScript, SHELLS } from '../../src/cli/completion-scripts.js';
import { specs } from '../../src/cli/specs/index.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { bin, root, runCli } from '../helpers/cli.js';

const sample = path.join(root, 'test', 'fixtures', 'trees', 'sample');
const home = mkdtempSync(path.join(tmpdir(), 'eas-complete-'));
const binDir = path.join(home, 'bin');
const dataDir = path.join(home, 'data');
const env = { PATH: `${binDir}:${process.env.PATH}`, EAS_DOCTOR_TREES: sample, EAS_DOCTOR_HOME: dataDir, XDG_CACHE_HOME: path.join(home, 'cache'), NO_COLOR: '1' };
let sessionId = '';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

beforeAll(async () => {
  mkdirSync(binDir, { recursive: true });
  writeFileSync(path.join(binDir, 'eas-doctor'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(path.join(binDir, 'eas-doctor'), 0o755);
  const walk = await runCli(['run', 'net', '--answers', '-', '--journal'], { input: 'yes\n', env: { EAS_DOCTOR_TREES: sample, EAS_DOCTOR_HOME: dataDir } });
  sessionId = /Session (\S+):/.exec(walk.stdout)![1]!;
}, 60_000);

/** What bash offers on Tab after `line` (the cursor at its end). */
function bashComplete(line: string): string[] {
  const script = `source <(eas-doctor completion bash)
read -r -a COMP_WORDS <<< "$LINE"
[[ "$LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_eas_doctor
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['-c', script], { env: { ...env, LINE: line }, cwd: sample, encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('bash', () => {
  test.skipIf(!has('bash'))('commands, then options, tree ids, probe ids, session ids, choices and files', () => {
    expect(bashComplete('eas-doctor va')).toEqual(['validate']);
    expect(bashComplete('eas-doctor ')).toEqual(expect.arrayContaining(['check', 'completion', 'export', 'list', 'run', 'validate']));
    expect(bashComplete('eas-doctor validate --st')).toEqual(['--strict']);
    expect(bashComplete('eas-doctor graph ')).toEqual(['cert', 'net']);
    expect(bashComplete('eas-doctor run n')).toEqual(['net']);
    expect(bashComplete('eas-doctor probe tls.')).toEqual([...probeCatalog.keys()].filter((k) => k.startsWith('tls.')).sort());
    expect(bashComplete('eas-doctor resume ')).toEqual([sessionId]);
    expect(bashComplete('eas-doctor export x --format ')).toEqual(['html', 'json', 'md']);
    expect(bashComplete('eas-doctor completion ')).toEqual([]);
    // Files: the shell's own file completion, here in the sample trees folder.
    expect(bashComplete('eas-doctor validate ce')).toEqual(['cert.yaml']);
    // An option before the command does not hide it.
    expect(bashComplete(`eas-doctor --trees ${sample} graph c`)).toEqual(['cert']);
  });
});

describe('the other shells', () => {
  test.for(SHELLS)('completion %s prints a script that names the command', async (shell) => {
    const r = await runCli(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(completionScript(shell));
    expect(r.stdout).toContain('eas-doctor __complete --');
  });

  test.skipIf(!has('zsh'))('zsh: the function offers what the CLI says (compadd and _files stood in for)', () => {
    const script = `compdef() { :; }
compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }
_files() { print "(files $*)"; }
source <(eas-doctor completion zsh)
words=(eas-doctor gr); CURRENT=2; _eas_doctor
words=(eas-doctor graph ''); CURRENT=3; _eas_doctor
words=(eas-doctor validate x); CURRENT=3; _eas_doctor`;
    expect(execFileSync('zsh', ['-c', script], { env, cwd: sample, encoding: 'utf8' }).split('\n').filter(Boolean)).toEqual(['graph', 'cert', 'net', '(files )']);
  });

  test.skipIf(!has('fish'))("fish: its own completion (complete -C) offers what the CLI says", () => {
    const script = `eas-doctor completion fish | source
complete -C'eas-doctor gr'
complete -C'eas-doctor graph '
complete -C'eas-doctor sessions --status '`;
    expect(execFileSync('fish', ['--no-config', '-c', script], { env: { ...env, HOME: home }, cwd: sample, encoding: 'utf8' }).split('\n').filter(Boolean)).toEqual(['graph', 'cert', 'net', 'abandoned', 'escalated', 'open', 'resolved']);
  });

  test('an unknown shell is a usage error with the list', async () => {
    const r = await runCli(['completion', 'bsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no completion for "bsh"; did you mean "bash"?');
  });
});

describe('what is completed (in process)', () => {
  const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: { EAS_DOCTOR_TREES: sample, EAS_DOCTOR_HOME: dataDir }, cwd: root, now: Date.now };
  test.for([
    [['--tr'], ['--trees']],
    [['list', '--format='], ['--format=json', '--format=md', '--format=text']],
    [['help', 'gr'], ['graph']],
    [['run', 'net#'], []],
    [['check', 'mail.contoso.com', '--ca'], ['--ca']],
  ] as const)('%j', async ([words, want]) => {
    const got = await complete([...words], specs, io);
    expect(got).toEqual({ kind: 'words', words: [...want] });
  });

  test('option values that are paths are left to the shell', async () => {
    expect(await complete(['run', '--answers', ''], specs, io)).toEqual({ kind: 'files', words: [] });
    expect(await complete(['list', '--trees', ''], specs, io)).toEqual({ kind: 'dirs', words: [] });
  });
});
