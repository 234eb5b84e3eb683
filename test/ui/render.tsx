// Renders a screen with ink-testing-library under a theme, and waits for frames by polling
// (Ink renders input-driven updates asynchronously).
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { colorTheme, ThemeContext, type Theme } from '../../src/ui/theme.js';

export const KEY = { enter: '\r', esc: '\u001B', up: '\u001B[A', down: '\u001B[B', left: '\u001B[D', backspace: '\u007F', ctrlC: '\u0003' } as const;

export function renderUi(el: ReactElement, theme: Theme = colorTheme) {
  const r = render(<ThemeContext.Provider value={theme}>{el}</ThemeContext.Provider>);
  const frame = () => strip(r.lastFrame() ?? '');
  /**
   * Polls until the frame satisfies `want`; fails with the last frame. Then waits a moment:
   * Ink writes a frame before React runs the effects that subscribe the new key handlers.
   */
  const waitFor = async (want: string | RegExp | ((f: string) => boolean), timeoutMs = 3000) => {
    const ok = (f: string) => (typeof want === 'function' ? want(f) : typeof want === 'string' ? f.includes(want) : want.test(f));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = frame();
      if (ok(f)) {
        await new Promise((res) => setTimeout(res, 30));
        return f;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(want)}; the frame was:\n${f}`);
      await new Promise((res) => setTimeout(res, 10));
    }
  };
  /** Writes keys one at a time, letting Ink handle each (as a person types). */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await new Promise((res) => setTimeout(res, 15));
    }
  };
  return { ...r, frame, waitFor, press };
}

/** Removes ANSI escapes, so frames compare as text. */
export function strip(s: string): string {
  return s.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replace(/\u001B\][^\u0007]*\u0007/g, '');
}
