// Colours and marks for every screen. One theme object, chosen once by the CLI's colour
// policy (util/colour.ts): when it says no colours, every colour is undefined, so Ink writes
// no colour escapes at all.
import { createContext, useContext } from 'react';
import type { Verdict } from '../probes/types.js';
import { colourWanted } from '../util/colour.js';

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

/** The theme for output to `stream` by the colour policy: --no-color, NO_COLOR (non-empty), FORCE_COLOR, TERM=dumb. */
export function pickTheme(env: Readonly<Record<string, string | undefined>>, noColor: boolean, stream: { isTTY?: boolean } = { isTTY: true }): Theme {
  return colourWanted(stream, env, !noColor) ? colorTheme : monoTheme;
}

export const ThemeContext = createContext<Theme>(colorTheme);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
