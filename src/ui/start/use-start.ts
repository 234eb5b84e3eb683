// Keys of the start screen: typing searches, arrows move, Enter starts, Esc clears.
import { useInput } from 'ink';
import type { Dispatch } from 'react';
import type { StartAction } from './use-start-state.js';

export function useStart(opts: { count: number; dispatch: Dispatch<StartAction>; onPick: () => void; isActive: boolean }) {
  const { count, dispatch, onPick, isActive } = opts;
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return;
      if (key.return) onPick();
      else if (key.upArrow || (key.shift && key.tab)) dispatch({ type: 'move', by: -1, count });
      else if (key.downArrow || key.tab) dispatch({ type: 'move', by: 1, count });
      else if (key.escape || (key.ctrl && input === 'u')) dispatch({ type: 'clear' });
      else if (key.backspace || key.delete) dispatch({ type: 'erase' });
      else if (key.ctrl || key.meta || key.leftArrow || key.rightArrow || key.pageDown || key.pageUp) return;
      else if (input) dispatch({ type: 'type', text: input });
    },
    { isActive },
  );
}
