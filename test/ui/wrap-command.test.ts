// Commands on screen break only between words, never inside a quoted string, and carry the
// shell's continuation mark so a copy off the screen still runs.
import { describe, expect, test } from 'vitest';
import { commandWords, wrapCommand } from '../../src/ui/fix/wrap-command.js';

const LONG = 'Set-ActiveSyncVirtualDirectory -Identity "EXCH01\\Microsoft-Server-ActiveSync (Default Web Site)" -ExternalUrl "https://mail.contoso.com/Microsoft-Server-ActiveSync" -BasicAuthEnabled $true';

describe('wrapCommand', () => {
  test('a quoted string with spaces is one word', () => {
    expect(commandWords(`a "b c" 'd e' f`)).toEqual(['a', '"b c"', "'d e'", 'f']);
  });

  test('a word that fits only without the continuation indent loses the indent, so its mark stays on its line', () => {
    const word = '"EX2010\\Microsoft-Server-ActiveSync (SITE)"';
    const lines = wrapCommand(`Set-ActiveSyncVirtualDirectory -Identity ${word} -InternalUrl x`, word.length + 2, 'ems');
    expect(lines).toEqual(['Set-ActiveSyncVirtualDirectory -Identity `', `${word} \``, '  -InternalUrl x']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(word.length + 2);
  });

  test('a short command stays as written', () => {
    expect(wrapCommand('Get-ExchangeCertificate | fl', 40, 'ems')).toEqual(['Get-ExchangeCertificate | fl']);
  });

  test.for([
    ['ems', '`'],
    ['cmd', '^'],
    ['bash', '\\'],
  ] as const)('%s: lines end with " %s", fit the width, and keep quoted strings whole', ([shell, mark]) => {
    const lines = wrapCommand(LONG, 60, shell);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(0, -1)) expect(line.endsWith(` ${mark}`)).toBe(true);
    expect(lines.at(-1)!.endsWith(mark)).toBe(false);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines.some((l) => l.includes('"EXCH01\\Microsoft-Server-ActiveSync (Default Web Site)"'))).toBe(true);
    // Joining the lines the way the shell does gives the command back.
    expect(lines.map((l, i) => (i < lines.length - 1 ? l.slice(0, -2) : l).trim()).join(' ')).toBe(LONG);
  });

  test('a GUI path is not a shell: no continuation mark is added', () => {
    expect(wrapCommand('IIS Manager > Default Web Site > Microsoft-Server-ActiveSync > Authentication', 30, 'gui')).toHaveLength(1);
  });
});

describe('a PowerShell property list wider than the box', () => {
  const LIST = 'Get-MobileDevice -Mailbox jdoe | fl FriendlyName,DeviceId,DeviceOS,ClientType,DeviceAccessState,DeviceAccessStateReason';

  test.for(['ems', 'powershell'] as const)('%s: breaks after a comma, where the shell goes on by itself; every line fits', (shell) => {
    const lines = wrapCommand(LIST, 40, shell);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    const comma = lines.slice(0, -1).filter((l) => l.endsWith(','));
    expect(comma.length).toBeGreaterThan(0);
    // Lines that end with a comma carry no backtick; the others do.
    for (const line of lines.slice(0, -1)) expect(line.endsWith(',') !== line.endsWith(' `')).toBe(true);
    // Read back as PowerShell reads it: the list is whole, with only spaces after its commas.
    const joined = lines.map((l, i) => (i < lines.length - 1 && l.endsWith(' `') ? l.slice(0, -2) : l).trim()).join(' ');
    expect(joined.replace(/, /g, ',')).toBe(LIST);
  });

  test('cmd has no such rule, and a quoted string is never cut: they stand whole on their own line', () => {
    expect(wrapCommand('echo a,bbbbbbbbbb,cccccccccc,dddddddddd,eeeeeeeeee', 20, 'cmd')).toEqual(['echo ^', '  a,bbbbbbbbbb,cccccccccc,dddddddddd,eeeeeeeeee']);
    expect(wrapCommand('Write-Output "a,bbbbbbbbbb,cccccccccc,dddddddddd"', 20, 'ems')).toEqual(['Write-Output `', '  "a,bbbbbbbbbb,cccccccccc,dddddddddd"']);
  });
});
