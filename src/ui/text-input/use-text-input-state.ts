// A one-line editor as a pure reducer: value plus cursor; pasted text arrives as one insert.
import { useReducer } from 'react';

export interface TextInputState {
  value: string;
  cursor: number;
}

export type TextInputAction =
  | { type: 'insert'; text: string }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'kill-line' }
  | { type: 'set'; value: string };

export function textInputReducer(s: TextInputState, a: TextInputAction): TextInputState {
  switch (a.type) {
    case 'insert': {
      // One line only: a paste's line breaks become spaces; other control characters go.
      const text = a.text.replace(/\r\n|\r|\n/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
      if (!text) return s;
      return { value: s.value.slice(0, s.cursor) + text + s.value.slice(s.cursor), cursor: s.cursor + text.length };
    }
    case 'backspace':
      return s.cursor === 0 ? s : { value: s.value.slice(0, s.cursor - 1) + s.value.slice(s.cursor), cursor: s.cursor - 1 };
    case 'delete':
      return s.cursor >= s.value.length ? s : { value: s.value.slice(0, s.cursor) + s.value.slice(s.cursor + 1), cursor: s.cursor };
    case 'left':
      return { ...s, cursor: Math.max(0, s.cursor - 1) };
    case 'right':
      return { ...s, cursor: Math.min(s.value.length, s.cursor + 1) };
    case 'home':
      return { ...s, cursor: 0 };
    case 'end':
      return { ...s, cursor: s.value.length };
    case 'kill-line':
      return { value: '', cursor: 0 };
    case 'set':
      return { value: a.value, cursor: a.value.length };
  }
}

export function useTextInputState(initial = '') {
  return useReducer(textInputReducer, { value: initial, cursor: initial.length });
}
