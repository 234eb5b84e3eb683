// A real pseudo-terminal for end-to-end tests: tmux on a private socket. Start a command in
// a detached 80x24 pane, type into it, and poll `capture-pane` until the screen shows what
// is expected (never a fixed sleep). The pane's environment is the test's, minus anything
// that makes Ink think it runs in CI (it would then print no live output).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** Parsed trees and code caches of the terminal tests stay out of the real home. */
const CACHE_HOME = mkdtempSync(path.join(os.tmpdir(), 'eas-pty-cache-'));

/** A loopback resolver nobody answers on: name lookups fail at once, on this machine. */
export const NO_DNS = '127.0.0.1:9';

/**
 * How long to wait for a screen. Generous: on a shared two-core machine running the whole
 * suite, a first frame can take seconds; a test that passes only waits as long as it must.
 */
const WAIT_MS = 30_000;

const run = promisify(execFile);

/** tmux is there (.ci/run installs it when missing). */
export async function hasTmux(): Promise<boolean> {
  try {
    await run('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
}

export interface PtyOptions {
  /** The command and its arguments; run through `sh -c` with its exit status printed after it. */
  command: string[];
  cwd: string;
  env?: Record<string, string | undefined>;
  /** @default 80 */
  width?: number;
  /** @default 24 */
  height?: number;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The marker the pane prints when the command ends: `[exit N]`. */
const EXIT = /\[exit (\d+)\]/;

export class Pty {
  private constructor(
    private readonly socket: string,
    private readonly dir: string,
  ) {}

  static async start(o: PtyOptions): Promise<Pty> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eas-pty-'));
    const socket = path.join(dir, 'tmux.sock');
    const env: Record<string, string> = {};
    // Probes a test did not mean to run must not reach the machine's DNS server: names are
    // asked of a loopback port where nothing answers (a test may override it).
    for (const [k, v] of Object.entries({ ...process.env, TERM: 'xterm-256color', EAS_DOCTOR_RESOLVER: NO_DNS, XDG_CACHE_HOME: CACHE_HOME, ...o.env })) {
      if (v === undefined || k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_') || k === 'TMUX') continue;
      env[k] = v;
    }
    // The pane stays after the command so its last screen and exit status can be read; it
    // also says whether the terminal was left in its normal (canonical, echoing) mode.
    const sane = `stty -a | tr ' ;' '\\n\\n' | grep -qx icanon && stty -a | tr ' ;' '\\n\\n' | grep -qx echo && echo "[tty sane]"`;
    const script = `${o.command.map(quote).join(' ')}; echo "[exit $?]"; ${sane}; sleep 600`;
    await run('tmux', ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-x', String(o.width ?? 80), '-y', String(o.height ?? 24), '-c', o.cwd, 'sh', '-c', script], { env });
    return new Pty(socket, dir);
  }

  private tmux(...args: string[]) {
    return run('tmux', ['-S', this.socket, ...args]);
  }

  /** Sends keys by tmux name: 'Enter', 'Escape', 'Left', 'Up', 'C-c', 'BSpace'... */
  async keys(...names: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', '0', ...names);
  }

  /** Sends raw bytes as the terminal would (escape sequences, a paste with its markers). */
  async raw(data: string): Promise<void> {
    await this.tmux('send-keys', '-t', '0', '-H', ...[...Buffer.from(data, 'utf8')].map((b) => b.toString(16).padStart(2, '0')));
  }

  /** The pane's title, as an OSC 0/2 sequence printed in it would have set it. */
  async title(): Promise<string> {
    const { stdout } = await this.tmux('display-message', '-p', '-t', '0', '#{pane_title}');
    return stdout.trim();
  }

  /** Types text literally. */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', '0', '-l', text);
  }

  /** The visible screen, or the whole scrollback with `history`; with `escapes`, its colours too. */
  async screen(history = false, escapes = false): Promise<string> {
    const { stdout } = await this.tmux('capture-pane', '-p', '-t', '0', ...(history ? ['-S', '-'] : []), ...(escapes ? ['-e'] : []));
    return stdout;
  }

  /** Whether the terminal's cursor is shown (Ink hides it while it runs). */
  async cursorVisible(): Promise<boolean> {
    const { stdout } = await this.tmux('display-message', '-p', '-t', '0', '#{cursor_flag}');
    return stdout.trim() === '1';
  }

  /** Sends a signal to the command (the pane's shell's child), as `kill` from another terminal would. */
  async signal(sig: NodeJS.Signals): Promise<void> {
    const { stdout: shell } = await this.tmux('display-message', '-p', '-t', '0', '#{pane_pid}');
    const { stdout: children } = await run('pgrep', ['-P', shell.trim()]);
    const pid = Number(children.trim().split('\n')[0]);
    if (!pid) throw new Error('the command is not running');
    process.kill(pid, sig);
  }

  /** Resizes the pane (the window, as the session has one pane). */
  async resize(width: number, height: number): Promise<void> {
    await this.tmux('resize-window', '-t', '0', '-x', String(width), '-y', String(height));
  }

  /** Polls the screen until `want` shows (a string, a pattern or a test); fails with the last screen. */
  async waitFor(want: string | RegExp | ((screen: string) => boolean), opts: { timeoutMs?: number; history?: boolean } = {}): Promise<string> {
    const deadline = Date.now() + (opts.timeoutMs ?? WAIT_MS);
    let last = '';
    for (;;) {
      last = await this.screen(opts.history);
      if (typeof want === 'string' ? last.includes(want) : typeof want === 'function' ? want(last) : want.test(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(want)}; the screen was:\n${last}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits for the command to end and returns its exit status. */
  async exitCode(timeoutMs = WAIT_MS): Promise<number> {
    const screen = await this.waitFor(EXIT, { timeoutMs, history: true });
    return Number(EXIT.exec(screen)![1]);
  }

  async close(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
