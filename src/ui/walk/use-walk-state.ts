// The walk screen's own state, as a pure reducer: which overlay is open (note, a
// confirmation), whether help shows, and the last message. The walk itself is the session's.
import { useReducer } from 'react';

export type WalkMode = 'main' | 'note' | 'confirm-quit' | 'confirm-restart';

export type Tone = 'info' | 'ok' | 'error';

export interface WalkState {
  /** The step these settings belong to: a new step resets help and the message. */
  step?: string;
  mode: WalkMode;
  help: boolean;
  message?: { text: string; tone: Tone };
}

export type WalkAction =
  | { type: 'step'; step: string }
  | { type: 'mode'; mode: WalkMode }
  | { type: 'toggle-help' }
  | { type: 'message'; text: string; tone?: Tone }
  | { type: 'clear-message' };

export function walkReducer(s: WalkState, a: WalkAction): WalkState {
  switch (a.type) {
    case 'step':
      return s.step === a.step ? s : { ...s, step: a.step, help: false, message: s.step === undefined ? s.message : undefined };
    case 'mode':
      return { ...s, mode: a.mode };
    case 'toggle-help':
      return { ...s, help: !s.help };
    case 'message':
      return { ...s, message: { text: a.text, tone: a.tone ?? 'info' } };
    case 'clear-message':
      return s.message ? { ...s, message: undefined } : s;
  }
}

export function useWalkState() {
  return useReducer(walkReducer, { mode: 'main', help: false });
}

/** What a key means on the walk screen, outside text fields. */
export type WalkCommand = 'back' | 'ask-restart' | 'note' | 'export' | 'ask-quit' | 'help' | 'cancel-probe' | 'yes' | 'no';

/** Maps a key to a command for the current mode; undefined leaves it to the step (its select). */
export function walkKey(input: string, key: { leftArrow?: boolean; escape?: boolean; return?: boolean; ctrl?: boolean; meta?: boolean }, ctx: { mode: WalkMode; running: boolean }): WalkCommand | undefined {
  // Ink marks Esc (and escape sequences) as meta too, so Esc is read before meta is refused.
  if (ctx.mode === 'main' && ctx.running && key.escape) return 'cancel-probe';
  if ((ctx.mode === 'confirm-quit' || ctx.mode === 'confirm-restart') && key.escape) return 'no';
  if (key.ctrl || key.meta) return undefined;
  if (ctx.mode === 'confirm-quit' || ctx.mode === 'confirm-restart') {
    if (input === 'y' || input === 'Y' || key.return) return 'yes';
    if (input === 'n' || input === 'N') return 'no';
    return undefined;
  }
  if (ctx.mode !== 'main') return undefined;
  if (input === 'b' || key.leftArrow) return 'back';
  if (input === 'r') return 'ask-restart';
  if (input === 'n') return 'note';
  if (input === 'e') return 'export';
  if (input === 'q') return 'ask-quit';
  if (input === '?') return 'help';
  return undefined;
}
