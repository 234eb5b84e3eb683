// The select's state as a pure reducer: a cursor over N items that never leaves them.
import { useReducer } from 'react';

export interface SelectState {
  count: number;
  cursor: number;
}

export type SelectAction = { type: 'up' } | { type: 'down' } | { type: 'first' } | { type: 'last' } | { type: 'set'; index: number } | { type: 'resize'; count: number };

const clamp = (i: number, count: number) => Math.max(0, Math.min(count - 1, i));

export function selectReducer(s: SelectState, a: SelectAction): SelectState {
  switch (a.type) {
    case 'up':
      return { ...s, cursor: s.cursor <= 0 ? s.count - 1 : s.cursor - 1 };
    case 'down':
      return { ...s, cursor: s.cursor >= s.count - 1 ? 0 : s.cursor + 1 };
    case 'first':
      return { ...s, cursor: 0 };
    case 'last':
      return { ...s, cursor: Math.max(0, s.count - 1) };
    case 'set':
      return a.index >= 0 && a.index < s.count ? { ...s, cursor: a.index } : s;
    case 'resize':
      return { count: a.count, cursor: clamp(s.cursor, a.count) };
  }
}

/** The cursor for `count` items, starting at `initial` (an index; 0 when absent or out of range). */
export function useSelectState(count: number, initial = 0) {
  const [state, dispatch] = useReducer(selectReducer, { count, cursor: clamp(initial, count) });
  if (state.count !== count) dispatch({ type: 'resize', count });
  return { cursor: clamp(state.cursor, count), dispatch };
}

/**
 * The key that picks each entry: 1-9, then letters that no walk key uses (b back, e export,
 * n note, q quit, r restart, y yes), so every entry of a long list has one.
 */
export const ITEM_KEYS = [...'123456789', ...'acdfghijklmopstuvwxz'];

/** The key of entry `i`, or undefined past the last key. */
export function itemKey(i: number): string | undefined {
  return ITEM_KEYS[i];
}

/** What the footer says picks an entry of `count`: "1-4", "1-9 a-c". */
export function itemKeyRange(count: number): string {
  if (count <= 0) return '';
  const last = (n: number) => ITEM_KEYS[Math.min(n, ITEM_KEYS.length) - 1]!;
  if (count <= 9) return count === 1 ? '1' : `1-${count}`;
  return count === 10 ? '1-9 a' : `1-9 a-${last(count)}`;
}
