// A scripted walk (`run --answers`) that ends at a fix with alternatives and text to replace:
// the plain-text end numbers the choice once and labels each way; what to replace follows its
// command. --json keeps them as data.
import path from 'node:path';
import { expect, test } from 'vitest';
import { root } from '../helpers/cli.js';
import { cli } from '../helpers/main.js';

const env = { EAS_DOCTOR_TREES: path.join(root, 'test', 'fixtures', 'trees', 'fixcard') };

test('the fix as text: "Either (A)" / "Or (B)" under one number, "Replace SITE with" under the command', async () => {
  const r = await cli(['run', 'choose', '--answers', '-'], env, 'yes\nlegacy=EX2010\n');
  expect(r.stderr).toBe('');
  const steps = r.stdout.slice(r.stdout.indexOf('  Steps:'), r.stdout.indexOf('  Verify:'));
  expect(steps.split('\n')).toEqual([
    '  Steps:',
    '   1. List the directories',
    '      [ems] Get-ActiveSyncVirtualDirectory -Server EX2010 | ft Name,InternalUrl',
    '   2. Leave one namespace (choose ONE: A or B)',
    '      Either (A) Delete the extra directory',
    '        [ems] Remove-ActiveSyncVirtualDirectory -Identity "EX2010\\Microsoft-Server-ActiveSync (SITE)"',
    '        Replace SITE with: the web site in brackets in the Name column of step 1',
    '      Or (B) Keep it, and point its InternalUrl at the same namespace',
    '        [ems] Set-ActiveSyncVirtualDirectory -Identity "EX2010\\Microsoft-Server-ActiveSync (SITE)" -InternalUrl "https://mail.contoso.com/Microsoft-Server-ActiveSync"',
    '        Replace SITE with: the web site in brackets in the Name column of step 1',
    '      then (B) Re-apply certificate mapping if you ever roll back to it.',
    '   3. Recycle the ActiveSync application pool',
    '      [cmd] %windir%\\system32\\inetsrv\\appcmd.exe recycle apppool MSExchangeSyncAppPool',
    '',
  ]);
});

test('--json: the steps keep replace and either', async () => {
  const r = await cli(['run', 'choose', '--answers', '-', '--json'], env, 'yes\nlegacy=EX2010\n');
  const walk = JSON.parse(r.stdout) as { end: { steps: Array<{ text: string; either?: Array<Array<{ text: string; replace?: unknown }>> }> } };
  const choice = walk.end.steps[1]!;
  expect(choice.either!.map((alt) => alt.length)).toEqual([1, 2]);
  expect(choice.either![0]![0]!.replace).toEqual([{ token: 'SITE', means: 'the web site in brackets in the Name column of step 1' }]);
});
