// Keys of a select: arrows (and Home/End) move, an entry's key (1-9, then letters) picks it
// at once, Enter picks the highlighted item.
import { useInput } from 'ink';
import { useRef, type Dispatch } from 'react';
import { ITEM_KEYS, selectReducer, type SelectAction } from './use-select-state.js';

export function useSelect(opts: { count: number; cursor: number; dispatch: Dispatch<SelectAction>; onSubmit: (index: number) => void; isActive: boolean }) {
  const { count, cursor, dispatch, onSubmit, isActive } = opts;
  // Arrows then Enter typed ahead of a re-render must pick where the arrows went.
  const latest = useRef({ count, cursor });
  latest.current = { count, cursor };
  const act = (a: SelectAction) => {
    latest.current = selectReducer(latest.current, a);
    dispatch(a);
  };
  useInput(
    (input, key) => {
      if (key.upArrow) act({ type: 'up' });
      else if (key.downArrow) act({ type: 'down' });
      else if (key.home) act({ type: 'first' });
      else if (key.end) act({ type: 'last' });
      else if (key.return) {
        if (count > 0) onSubmit(latest.current.cursor);
      } else if (input.length === 1 && !key.ctrl && !key.meta) {
        const i = ITEM_KEYS.indexOf(input);
        if (i >= 0 && i < count) {
          act({ type: 'set', index: i });
          onSubmit(i);
        }
      }
    },
    { isActive },
  );
}
