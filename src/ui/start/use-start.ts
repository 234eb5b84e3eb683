// Keys of the start screen: typing searches, arrows move, Enter starts, Esc clears.
import { useInput } from 'ink';
import { useRef, type Dispatch } from 'react';
import { startReducer, type StartAction, type StartState } from './use-start-state.js';

export function useStart(opts: {
  state: StartState;
  /** How many lines a state lists (the cursor wraps over them). */
  countFor: (s: StartState) => number;
  dispatch: Dispatch<StartAction>;
  /** Enter, with the state as typed so far (which may be ahead of the last render). */
  onPick: (s: StartState) => void;
  isActive: boolean;
}) {
  const { state, countFor, dispatch, onPick, isActive } = opts;
  // "cert" and Enter typed in one breath must search for "cert" before picking.
  const latest = useRef(state);
  latest.current = state;
  const act = (a: StartAction) => {
    latest.current = startReducer(latest.current, a);
    dispatch(a);
  };
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return;
      const count = countFor(latest.current);
      if (key.return) onPick(latest.current);
      else if (key.upArrow || (key.shift && key.tab)) act({ type: 'move', by: -1, count });
      else if (key.downArrow || key.tab) act({ type: 'move', by: 1, count });
      else if (key.escape || (key.ctrl && input === 'u')) act({ type: 'clear' });
      else if (key.backspace || key.delete) act({ type: 'erase' });
      else if (key.ctrl || key.meta || key.leftArrow || key.rightArrow || key.pageDown || key.pageUp) return;
      else if (input) {
        const [text, ...rest] = input.split('\r');
        if (text) act({ type: 'type', text });
        if (rest.length) onPick(latest.current);
      }
    },
    { isActive },
  );
}
