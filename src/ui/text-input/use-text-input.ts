// Keys of the one-line editor. Enter submits, Esc cancels; Ctrl-U clears, Ctrl-A/E jump.
// Ctrl-C is left to the app (it quits and keeps the session).
import { useInput } from 'ink';
import type { Dispatch } from 'react';
import type { TextInputAction, TextInputState } from './use-text-input-state.js';

export function useTextInput(opts: { state: TextInputState; dispatch: Dispatch<TextInputAction>; onSubmit: (value: string) => void; onCancel?: () => void; isActive: boolean }) {
  const { state, dispatch, onSubmit, onCancel, isActive } = opts;
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return;
      if (key.return) onSubmit(state.value);
      else if (key.escape) onCancel?.();
      else if (key.leftArrow) dispatch({ type: 'left' });
      else if (key.rightArrow) dispatch({ type: 'right' });
      else if (key.home || (key.ctrl && input === 'a')) dispatch({ type: 'home' });
      else if (key.end || (key.ctrl && input === 'e')) dispatch({ type: 'end' });
      else if (key.ctrl && input === 'u') dispatch({ type: 'kill-line' });
      // Terminals send DEL (0x7f) for the Backspace key, which Ink reports as `delete`.
      else if (key.backspace || key.delete) dispatch({ type: 'backspace' });
      else if (key.upArrow || key.downArrow || key.tab || key.pageUp || key.pageDown || key.ctrl || key.meta) return;
      else if (input) dispatch({ type: 'insert', text: input });
    },
    { isActive },
  );
}
