// Work bounded whatever the input: "did you mean" on a huge value, messages that echo input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { clipEchoes } from '../../src/util/safe-text.js';
import { editDistance, suggest } from '../../src/util/suggest.js';
import { runCli } from '../helpers/cli.js';

describe('suggest', () => {
  test.for([
    ['tls.certficate', 'tls.certificate'],
    ['eas.optoins', 'eas.options'],
    ['dns', undefined],
    ['x'.repeat(900_000), undefined],
  ] as const)('%s -> %s', ([word, want]) => {
    expect(suggest(word, ['tls.certificate', 'eas.options', 'tcp.connect', 'x'.repeat(900_001)])).toBe(want);
  });

  test('the edit distance stops past its maximum, and is exact below it', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('wyh', 'why')).toBe(1);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a'.repeat(100_000), 'b'.repeat(100_000), 3)).toBe(4);
  });
});

describe('echoes', () => {
  test('a long quoted value is cut, saying how long it was', () => {
    const m = clipEchoes(`probe "${'a'.repeat(5000)}" is not known; did you mean "tcp.connect"?`);
    expect(m).toMatch(/^probe "a{100}…" \(5000 characters\) is not known; did you mean "tcp\.connect"\?$/);
  });

  test('validate: a 900 KB value gets its diagnostic, cut, and no suggestion', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eas-bounded-'));
    const file = path.join(dir, 'big.yaml');
    const v = 'a'.repeat(900_000);
    writeFileSync(file, `id: big\ntitle: Big\nversion: 1\nsummary: x\nstart: ask\nnodes:\n  ask:\n    question: Q?\n    probe:\n      use: ${v}\n    answers:\n      yes: done\n      no: done\n  done:\n    escalate: E\n    to: T\n    attach: [x]\n`);
    const r = await runCli(['validate', file, '--format', 'json'], { timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const d = out.diagnostics.find((x: { code: string }) => x.code === 'UNKNOWN_PROBE');
    expect(d.message).toMatch(/probe "a+…" \(900000 characters\)/);
    expect(d.message.length).toBeLessThan(400);
    expect(r.stdout.length).toBeLessThan(20_000);
  });

  test('run --answers: a 3000-character answer is echoed cut', async () => {
    const r = await runCli(['run', 'triage', '--answers', '-'], { input: `${'x'.repeat(3000)}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(3000 characters) is not an answer');
    expect(r.stderr.length).toBeLessThan(2000);
  });
});
