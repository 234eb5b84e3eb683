// File arguments: paths, folders, globs, comma lists; every problem collected and reported.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveInputs } from '../../src/evidence/index.js';
import { expandGlob, segmentRegExp } from '../../src/evidence/glob.js';
import { parseTimeBound } from '../../src/evidence/time.js';
import { canonicalUser, usernameForm } from '../../src/evidence/username.js';
import { tempDir } from './helpers.js';

function tree(): string {
  const dir = tempDir();
  for (const f of ['W3SVC1/u_ex240501.log', 'W3SVC1/u_ex240502.log', 'W3SVC1/old/u_ex230101.log.gz', 'W3SVC2/u_ex240501.log', 'W3SVC2/readme.md', 'a.log', 'b.log']) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), '');
  }
  return dir;
}

describe('globs', () => {
  test.for([
    ['*', 'u_ex1.log', true],
    ['u_ex*.log', 'u_ex240501.log', true],
    ['u_ex*.log', 'u_ex240501.log.gz', false],
    ['u_ex2405??.log', 'u_ex240501.log', true],
    ['[ab].log', 'b.log', true],
    ['[!ab].log', 'b.log', false],
    ['a+b.log', 'a+b.log', true],
  ] as const)('%s matches %s: %s', ([pattern, name, expected]) => {
    expect(segmentRegExp(pattern).test(name)).toBe(expected);
  });

  test('folders, ** and relative patterns', async () => {
    const dir = tree();
    const rel = async (p: string) => (await expandGlob(p, dir)).map((f) => path.relative(dir, f));
    expect(await rel('W3SVC1/u_ex*.log')).toEqual(['W3SVC1/u_ex240501.log', 'W3SVC1/u_ex240502.log']);
    expect(await rel('W3SVC*/u_ex240501.log')).toEqual(['W3SVC1/u_ex240501.log', 'W3SVC2/u_ex240501.log']);
    expect(await rel('**/*.gz')).toEqual(['W3SVC1/old/u_ex230101.log.gz']);
    expect(await rel('nowhere/*.log')).toEqual([]);
  });
});

describe('resolveInputs', () => {
  test('paths, folders, globs and comma-separated lists, without duplicates', async () => {
    const dir = tree();
    const { files, problems } = await resolveInputs(['a.log,b.log', 'W3SVC2', 'W3SVC1/*.log', 'a.log'], dir);
    expect(problems).toEqual([]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(['a.log', 'b.log', 'W3SVC2/u_ex240501.log', 'W3SVC1/u_ex240501.log', 'W3SVC1/u_ex240502.log']);
  });

  test('every missing file is reported, with where IIS keeps its logs', async () => {
    const dir = tree();
    const { problems } = await resolveInputs(['missing.log', 'W3SVC9/*.log', 'a.log'], dir);
    expect(problems.map((p) => p.code)).toEqual(['not-found', 'no-match']);
    expect(problems[0]!.message).toMatch(/"missing\.log" does not exist .*W3SVC1 \(front end\) and W3SVC2 \(back end\)/);
    expect(problems[1]!.message).toBe('no file matches "W3SVC9/*.log"');
  });

  test('a folder without logs is a problem; LogFiles points at its site folders', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'empty'));
    expect((await resolveInputs(['empty'], dir)).problems[0]).toMatchObject({ code: 'empty-folder', message: 'folder "empty" has no .log or .gz files' });
    mkdirSync(path.join(dir, 'LogFiles', 'W3SVC1'), { recursive: true });
    mkdirSync(path.join(dir, 'LogFiles', 'W3SVC2'));
    expect((await resolveInputs(['LogFiles'], dir)).problems[0]!.message).toBe(
      'folder "LogFiles" has no .log or .gz files; its site folders are "LogFiles/W3SVC1", "LogFiles/W3SVC2" (or use "LogFiles/W3SVC*/*.log")',
    );
  });
});

describe('user names and times', () => {
  test.for([
    ['DOMAIN\\user1', 'netbios', 'user1'],
    ['domain.local\\User2', 'fqdn', 'user2'],
    ['jmartin@contoso.com', 'upn', 'jmartin@contoso.com'],
    ['jmartin%40contoso.com', 'upn', 'jmartin@contoso.com'],
    ['CONTOSO%5Cbob', 'netbios', 'bob'],
    ['bob', 'bare', 'bob'],
    ['-', 'none', ''],
  ] as const)('%s is %s, filed as %s', ([raw, form, canonical]) => {
    expect(usernameForm(raw)).toBe(form);
    expect(canonicalUser(raw)).toBe(canonical);
  });

  const now = Date.UTC(2024, 4, 2, 12, 0, 0);
  test.for([
    ['2024-05-01', 'since', 20240501000000],
    ['2024-05-01', 'until', 20240501235959],
    ['2024-05-01 13:30', 'since', 20240501133000],
    ['2024-05-01T13:30:15Z', 'until', 20240501133015],
    ['2024-05-01T15:30:00+02:00', 'since', 20240501133000],
    ['2h', 'since', 20240502100000],
    ['7d', 'since', 20240425120000],
    ['yesterday', 'since', undefined],
    ['2024-13-45', 'since', undefined],
  ] as const)('%s as --%s', ([text, end, expected]) => {
    expect(parseTimeBound(text, now, end)).toBe(expected);
  });
});
