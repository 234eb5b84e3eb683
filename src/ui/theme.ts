// Colours and marks for every screen. One theme object, chosen once: with NO_COLOR or
// --no-color every colour is undefined, so Ink writes no colour escapes at all.
import { createContext, useContext } from 'react';
import type { Verdict } from '../probes/types.js';

/** A colour name Ink understands, or undefined for the terminal's own. */
type Color = string | undefined;

/** What the screens colour; `mono` says colours are off (badges then carry words, not hues). */
export interface Theme {
  mono: boolean;
  accent: Color;
  muted: Color;
  error: Color;
  ok: Color;
  warn: Color;
  border: Color;
  verdict: Record<Verdict, Color>;
}

export const colorTheme: Theme = {
  mono: false,
  accent: 'cyan',
  muted: 'gray',
  error: 'red',
  ok: 'green',
  warn: 'yellow',
  border: 'gray',
  verdict: { pass: 'green', warn: 'yellow', fail: 'red' },
};

export const monoTheme: Theme = {
  mono: true,
  accent: undefined,
  muted: undefined,
  error: undefined,
  ok: undefined,
  warn: undefined,
  border: undefined,
  verdict: { pass: undefined, warn: undefined, fail: undefined },
};

/** NO_COLOR (any value, per no-color.org) or --no-color turn colours off. */
export function pickTheme(env: Readonly<Record<string, string | undefined>>, noColor: boolean): Theme {
  return noColor || env.NO_COLOR !== undefined ? monoTheme : colorTheme;
}

export const ThemeContext = createContext<Theme>(colorTheme);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
