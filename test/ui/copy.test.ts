import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { fixCommands, osc52 } from '../../src/ui/fix/commands.js';
import { copyFixCommands } from '../../src/ui/fix/copy.js';
import { startSession } from './fixtures.js';

function renewFix() {
  const s = startSession('triage');
  s.answer('no');
  s.answer('yes');
  const v = s.view();
  if (v.kind !== 'fix') throw new Error('expected the fix');
  return v;
}

test('the clipboard gets the bare commands; the file names each step and its shell', () => {
  const c = fixCommands(renewFix());
  expect(c.count).toBe(2);
  expect(c.clipboard).toBe('Get-ExchangeCertificate | fl Thumbprint,Subject,NotAfter,Services\n\nEnable-ExchangeCertificate -Thumbprint THUMBPRINT -Services IIS\n');
  expect(c.file).toContain('# Step 1: List the certificates and their expiry dates [ems]');
  expect(c.file).toContain('# Verify: The phone syncs without a certificate warning.');
});

test('OSC 52 carries the text base64-encoded', () => {
  expect(osc52('ab')).toBe('\u001b]52;c;YWI=\u0007');
});

test('copy writes OSC 52 to the terminal and the commands to a file in the data folder', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eas-ui-copy-'));
  try {
    const written: string[] = [];
    const r = await copyFixCommands({ writeTerminal: (d) => written.push(d), dir, sessionId: 'S1' }, renewFix());
    expect(r).toEqual({ file: path.join(dir, 'commands', 'S1-triage-fix-certificate.txt'), count: 2 });
    expect(written).toEqual([osc52(fixCommands(renewFix()).clipboard)]);
    expect(readFileSync(r.file, 'utf8')).toContain('Enable-ExchangeCertificate -Thumbprint THUMBPRINT -Services IIS');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
