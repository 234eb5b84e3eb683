// The copied-commands file and clipboard of a fix with alternatives and text to replace: the
// alternatives are commented out under "Either (A)" / "Or (B)" headings, so the file (or the
// clipboard pasted into a shell) never runs both; what to replace is listed under its step.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { fixCommands } from '../../src/ui/fix/commands.js';
import { copyFixCommands } from '../../src/ui/fix/copy.js';
import { chooseFix } from './choose-fix.js';

test('the file: plain steps run as written; the two alternatives are commented out, labelled, and closed', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eas-copy-alt-'));
  try {
    const r = await copyFixCommands({ writeTerminal: () => {}, dir, sessionId: 'S1' }, chooseFix());
    expect(r.count).toBe(4);
    expect(readFileSync(r.file, 'utf8')).toBe(
      [
        '# Keep one ActiveSync namespace per site (choose#fix-one-namespace)',
        '',
        '# Step 1: List the directories [ems]',
        'Get-ActiveSyncVirtualDirectory -Server EX2010 | ft Name,InternalUrl',
        '',
        '# Step 2: Leave one namespace (choose ONE: A or B).',
        '# The alternatives are commented out so that they cannot run as one script:',
        '# remove the "# " before the commands of the ONE you choose.',
        '# --- Either (A): Delete the extra directory [ems]',
        '# Replace SITE with: the web site in brackets in the Name column of step 1',
        '# Remove-ActiveSyncVirtualDirectory -Identity "EX2010\\Microsoft-Server-ActiveSync (SITE)"',
        '# --- Or (B): Keep it, and point its InternalUrl at the same namespace [ems]',
        '# Replace SITE with: the web site in brackets in the Name column of step 1',
        '# Set-ActiveSyncVirtualDirectory -Identity "EX2010\\Microsoft-Server-ActiveSync (SITE)" -InternalUrl "https://mail.contoso.com/Microsoft-Server-ActiveSync"',
        '# --- then (B): Re-apply certificate mapping if you ever roll back to it.',
        '# --- end of step 2',
        '',
        '# Step 3: Recycle the ActiveSync application pool [cmd]',
        '%windir%\\system32\\inetsrv\\appcmd.exe recycle apppool MSExchangeSyncAppPool',
        '',
        '# Verify: One InternalUrl per site; devices sync every time.',
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the clipboard: every line of an alternative is a comment, after a line that says to choose one', () => {
  const { clipboard } = fixCommands(chooseFix());
  const blocks = clipboard.trimEnd().split('\n\n');
  expect(blocks).toHaveLength(3);
  expect(blocks[0]).toBe('Get-ActiveSyncVirtualDirectory -Server EX2010 | ft Name,InternalUrl');
  const choice = blocks[1]!.split('\n');
  expect(choice[0]).toBe('# Choose ONE (A or B) and remove the "# " before its commands:');
  expect(choice.every((l) => l.startsWith('#'))).toBe(true);
  expect(choice).toContain('# --- Either (A)');
  expect(choice).toContain('# --- Or (B)');
  expect(blocks[2]).toBe('%windir%\\system32\\inetsrv\\appcmd.exe recycle apppool MSExchangeSyncAppPool');
});

test('a choice whose alternatives are all text (or click paths) stays out of the file, like a step without a command', () => {
  const v = { ...chooseFix(), steps: [{ text: 'Run it', run: { shell: 'ems' as const, code: 'Get-Mailbox' } }, { text: 'Make both sides match', either: [[{ text: 'Export it' }], [{ text: 'Import it', run: { shell: 'gui' as const, code: 'EAC > servers > certificates' } }]] }] };
  const c = fixCommands(v);
  expect(c.count).toBe(1);
  expect(c.file).not.toContain('Make both sides match');
  expect(c.file).not.toContain('Either (A)');
  expect(c.clipboard).toBe('Get-Mailbox\n');
});
