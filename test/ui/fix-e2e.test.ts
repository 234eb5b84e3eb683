// The wizard in a real terminal (tmux) reaching a fix with text to replace and alternatives:
// the token stands out (colour, or underline under NO_COLOR) and is listed under its command;
// the alternatives read "Either (A)" / "Or (B)"; the copied-commands file keeps them apart;
// wrapped text in the card starts without a stray space.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { hasTmux, Pty } from '../helpers/pty.js';

vi.setConfig({ testTimeout: 180_000 });

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const trees = path.join(root, 'test', 'fixtures', 'trees', 'fixcard');
const tmux = await hasTmux();
const built = existsSync(cli);

let home: string | undefined;
const open: Pty[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
  if (home) rmSync(home, { recursive: true, force: true });
  home = undefined;
});

async function toFix(env: Record<string, string | undefined> = {}, width = 80) {
  home = mkdtempSync(path.join(os.tmpdir(), 'eas-fix-e2e-'));
  const pty = await Pty.start({ command: ['node', cli, 'run', 'choose'], cwd: root, width, env: { EAS_DOCTOR_HOME: home, EAS_DOCTOR_TREES: trees, NO_COLOR: undefined, ...env } });
  open.push(pty);
  await pty.waitFor('› 1. Yes');
  await pty.keys('1');
  await pty.waitFor('Name of the older Exchange server');
  await pty.type('EX2010');
  await pty.waitFor('> EX2010');
  await pty.keys('Enter');
  await pty.waitFor('Copy the commands');
  return pty;
}

/** The lines of the scrollback that hold `text`, with their escapes. */
async function escaped(pty: Pty, text: string): Promise<string[]> {
  return (await pty.screen(true, true)).split('\n').filter((l) => l.includes(text));
}

describe.skipIf(!tmux || !built)('a fix with text to replace and alternatives, in a terminal', () => {
  test('the alternatives read Either (A) / Or (B); SITE is coloured and listed; the copied file keeps the alternatives apart', async () => {
    const pty = await toFix();
    const screen = await pty.screen(true);
    const lines = screen.split('\n').map((l) => l.trimEnd());
    expect(lines).toContain(' 2. Leave one namespace (choose ONE: A or B)');
    expect(lines).toContain('    Either (A) Delete the extra directory');
    expect(lines).toContain('    Or (B) Keep it, and point its InternalUrl at the same namespace');
    expect(lines).toContain('    then (B) Re-apply certificate mapping if you ever roll back to it.');
    expect(lines.filter((l) => l === '       Replace SITE with: the web site in brackets in the Name column of step 1')).toHaveLength(2);
    // The token is drawn in a colour (yellow) and bold, kept as written inside the command.
    const commandLines = (await escaped(pty, '(')).filter((l) => l.includes('SITE') && l.includes('Microsoft-Server-ActiveSync'));
    expect(commandLines.length).toBeGreaterThan(0);
    for (const l of commandLines) expect(l).toMatch(/(\u001b\[(1|33)m){2}SITE\u001b\[/);
    // Copy: the file holds each alternative commented out under its label.
    await pty.keys('Enter');
    await pty.waitFor(/also saved\s+in\s+\S+/);
    const file = readFileSync(path.join(home!, 'commands', readdirSync(path.join(home!, 'commands'))[0]!), 'utf8').split('\n');
    expect(file).toContain('# --- Either (A): Delete the extra directory [ems]');
    expect(file).toContain('# Remove-ActiveSyncVirtualDirectory -Identity "EX2010\\Microsoft-Server-ActiveSync (SITE)"');
    expect(file).toContain('# --- Or (B): Keep it, and point its InternalUrl at the same namespace [ems]');
    expect(file.filter((l) => /^(Remove|Set)-ActiveSyncVirtualDirectory/.test(l))).toEqual([]);
    expect(file).toContain('Get-ActiveSyncVirtualDirectory -Server EX2010 | ft Name,InternalUrl');
  });

  test('NO_COLOR at 60 columns: SITE underlined, no colours; a wrapped row of the card starts without a stray space', async () => {
    const pty = await toFix({ NO_COLOR: '1' }, 60);
    const all = await pty.screen(true, true);
    expect(all).not.toMatch(/\u001B\[[0-9;]*(3[0-7]|9[0-7]|38;)[0-9;]*m/);
    const token = (await escaped(pty, 'SITE')).filter((l) => l.includes('Microsoft-Server-ActiveSync'));
    expect(token.length).toBeGreaterThan(0);
    for (const l of token) expect(l).toMatch(/\u001b\[4mSITE\u001b\[/);
    const lines = (await pty.screen(true)).split('\n');
    const why = lines.findIndex((l) => l.startsWith('Why: '));
    // The first row fills the 60 columns exactly; Ink would have started the next with a space.
    expect(lines[why]).toBe('Why: Newer servers proxy to the InternalUrl of either one of');
    expect(lines[why + 1]).toMatch(/^the two directories, so half/);
    expect(lines).toContain('    Either (A) Delete the extra directory');
  });
});
