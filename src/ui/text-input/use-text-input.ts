// Keys of the one-line editor. Enter submits, Esc cancels; Ctrl-U clears, Ctrl-A/E jump.
// Ctrl-C is left to the app (it quits and keeps the session).
import { useInput } from 'ink';
import { useRef, type Dispatch } from 'react';
import { textInputReducer, type TextInputAction, type TextInputState } from './use-text-input-state.js';

export function useTextInput(opts: { state: TextInputState; dispatch: Dispatch<TextInputAction>; onSubmit: (value: string) => void; onCancel?: () => void; onChange?: (value: string) => void; onHelp?: () => void; isActive: boolean }) {
  const { state, dispatch, onSubmit, onCancel, onChange, onHelp, isActive } = opts;
  // Keys can arrive faster than React re-renders (a paste, typing ahead): the handler
  // keeps its own copy of the state, so Enter submits everything typed before it.
  const latest = useRef(state);
  latest.current = state;
  const act = (a: TextInputAction) => {
    const before = latest.current.value;
    latest.current = textInputReducer(latest.current, a);
    dispatch(a);
    if (latest.current.value !== before) onChange?.(latest.current.value);
  };
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return;
      if (key.return) onSubmit(latest.current.value);
      else if (key.escape) onCancel?.();
      else if (key.leftArrow) act({ type: 'left' });
      else if (key.rightArrow) act({ type: 'right' });
      else if (key.home || (key.ctrl && input === 'a')) act({ type: 'home' });
      else if (key.end || (key.ctrl && input === 'e')) act({ type: 'end' });
      else if (key.ctrl && input === 'u') act({ type: 'kill-line' });
      // Terminals send DEL (0x7f) for the Backspace key, which Ink reports as `delete`.
      else if (key.backspace || key.delete) act({ type: 'backspace' });
      else if (key.upArrow || key.downArrow || key.tab || key.pageUp || key.pageDown || key.ctrl || key.meta) return;
      // "?" in an empty field asks for help; inside a value it is a character like any other.
      else if (input === '?' && onHelp && latest.current.value === '') onHelp();
      else if (input) {
        // A fast typist or a pty can deliver Enter, Ctrl-U or Backspace glued to text in one chunk.
        for (const part of input.split(/([\r\u0015\u0008\u007f])/)) {
          if (part === '\r') onSubmit(latest.current.value);
          else if (part === '\u0015') act({ type: 'kill-line' });
          else if (part === '\u0008' || part === '\u007f') act({ type: 'backspace' });
          else if (part) act({ type: 'insert', text: part });
        }
      }
    },
    { isActive },
  );
}
