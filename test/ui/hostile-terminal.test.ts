// The wizard in a real terminal (tmux) against hostile input both ways: key sequences Ink
// cannot parse (they used to kill it with a TypeError), pastes and focus reports that must
// not land in a text field, and a --trees file whose text carries escape sequences that must
// be shown as visible escapes, never obeyed by the terminal.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { hasTmux, Pty } from '../helpers/pty.js';

vi.setConfig({ testTimeout: 120_000 });

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const tmux = await hasTmux();
const E = '\u001b';

const open: Pty[] = [];
const homes: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

async function wizard(trees: string, args: string[] = [], prepare?: (home: string) => void): Promise<Pty> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'eas-hostile-'));
  homes.push(home);
  prepare?.(home);
  const pty = await Pty.start({ command: ['node', cli, ...args], cwd: root, env: { EAS_DOCTOR_HOME: home, EAS_DOCTOR_TREES: path.join(root, 'test', 'fixtures', 'trees', trees) } });
  open.push(pty);
  return pty;
}

describe.skipIf(!tmux || !existsSync(cli))('the wizard against hostile input', () => {
  test('no key sequence crashes it; pastes and focus reports never reach the search field', async () => {
    const pty = await wizard('ui');
    await pty.waitFor('Search:');
    for (const k of ['C-F1', 'C-F2', 'C-F3', 'C-F4']) await pty.keys(k);
    await pty.raw(`${E}[1;5I`);
    await pty.type('cert');
    // Pasted coloured text, without and with bracketed paste, then focus out and in.
    await pty.raw(`${E}[31mif${E}[0m`);
    await pty.raw(`${E}[200~i${E}[32mcate\r\n${E}[201~`);
    await pty.raw(`${E}[O${E}[I`);
    await pty.waitFor('Search: certificate');
    // The pasted line end did not start a walk: the start screen is still there a moment later.
    await new Promise((r) => setTimeout(r, 300));
    const screen = await pty.screen();
    expect(screen).toContain('Search: certificate');
    expect(screen).toContain('Enter start · Esc clear');
    expect(screen).not.toMatch(/TypeError|\[31m|200~|\[I/);
    // Still answering: Ctrl-C leaves cleanly.
    await pty.keys('C-c');
    const end = await pty.waitFor('[tty sane]', { history: true });
    expect(end).not.toMatch(/TypeError|Error:|at .*\.c?js:\d+/);
    expect(end).toMatch(/\[exit (0|130)\]/);
  });

  test('escape sequences in a tree file are shown as text, never obeyed', async () => {
    const pty = await wizard('hostile', ['run', 'evil']);
    const screen = await pty.waitFor('blinking?');
    expect(screen).toContain('Is the \\x1b]0;pwned-question\\x07 phone \\x1b[5m blinking?');
    // An OSC 0 that reached the terminal would have retitled the pane.
    expect(await pty.title()).not.toMatch(/pwned/);
    const raw = await pty.screen(false, true);
    expect(raw).not.toMatch(/\u001b\[5m/);
    await pty.keys('1');
    const end = await pty.waitFor('now');
    expect(end).toContain('Hand over \\x1b]0;pwned-end\\x07 now');
    expect(await pty.title()).not.toMatch(/pwned/);
  });

  test('a FIFO in the sessions folder: the start screen still comes, and SIGTERM still ends the wizard', async () => {
    const pty = await wizard('ui', [], (home) => {
      mkdirSync(path.join(home, 'sessions'));
      execFileSync('mkfifo', [path.join(home, 'sessions', '20240501-fifo01.jsonl')]);
    });
    await pty.waitFor('Search:');
    await pty.signal('SIGTERM');
    const end = await pty.waitFor('[tty sane]', { history: true });
    expect(end).toMatch(/\[exit 130\]/);
  });
});
