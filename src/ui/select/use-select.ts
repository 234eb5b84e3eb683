// Keys of a select: arrows (and Home/End) move, a digit 1-9 picks at once, Enter picks the
// highlighted item.
import { useInput } from 'ink';
import type { Dispatch } from 'react';
import type { SelectAction } from './use-select-state.js';

export function useSelect(opts: { count: number; cursor: number; dispatch: Dispatch<SelectAction>; onSubmit: (index: number) => void; isActive: boolean }) {
  const { count, cursor, dispatch, onSubmit, isActive } = opts;
  useInput(
    (input, key) => {
      if (key.upArrow) dispatch({ type: 'up' });
      else if (key.downArrow) dispatch({ type: 'down' });
      else if (key.home) dispatch({ type: 'first' });
      else if (key.end) dispatch({ type: 'last' });
      else if (key.return) {
        if (count > 0) onSubmit(cursor);
      } else if (/^[1-9]$/.test(input) && !key.ctrl && !key.meta) {
        const i = Number(input) - 1;
        if (i < count) {
          dispatch({ type: 'set', index: i });
          onSubmit(i);
        }
      }
    },
    { isActive },
  );
}
