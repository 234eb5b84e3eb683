// The filter in front of Ink's input parser: keys Ink knows pass, anything that would make it
// throw (a nameless key with ctrl set) is dropped, pastes become text.
import { describe, expect, test } from 'vitest';
import { createKeyFilter, inkKnows } from '../../src/ui/input/key-filter.js';

const E = '\u001b';

describe('key filter', () => {
  test.for([
    ['plain text', 'hello', 'hello'],
    ['arrows and Enter', `${E}[A${E}[B\r`, `${E}[A${E}[B\r`],
    ['Ctrl+Up (modifier form)', `${E}[1;5A`, `${E}[1;5A`],
    ['PageDown, Delete, F5', `${E}[6~${E}[3~${E}[15~`, `${E}[6~${E}[3~${E}[15~`],
    ['Ctrl+C and Ctrl+U', '\u0003\u0015', '\u0003\u0015'],
    ['Alt+b', `${E}b`, `${E}b`],
    ['Ctrl+F1..F4 (xterm)', `${E}[1;5P${E}[1;5Q${E}[1;5R${E}[1;5S`, ''],
    ['Ctrl+Tab-like ESC [1;5I', `x${E}[1;5Iy`, 'xy'],
    ['a pasted colour without bracketed paste', `${E}[31mred${E}[0m`, 'red'],
    ['focus in and out', `${E}[I${E}[O`, ''],
    ['an OSC title', `${E}]0;t${'\u0007'}ok`, 'ok'],
    ['an OSC ended by ST', `${E}]8;;http://x${E}\\ok`, 'ok'],
    ['C1 CSI', 'a\u009b31mb', 'a31mb'],
    ['a bracketed paste: markers, colours and line breaks go', `${E}[200~one${E}[31m\r\ntwo${E}[A${E}[201~`, 'one two'],
    ['a kitty key report', `${E}[97;5u`, ''],
  ] as const)('%s', ([, input, want]) => {
    const f = createKeyFilter();
    expect(f.push(input)).toBe(want);
  });

  test('keeps a sequence split across chunks whole', () => {
    const f = createKeyFilter();
    expect(f.push(`a${E}[1;`)).toBe('a');
    expect(f.push('5A')).toBe(`${E}[1;5A`);
    expect(f.push(`${E}[1;`)).toBe('');
    expect(f.push('5P b')).toBe(' b');
  });

  test('a lone ESC is the Escape key once no more input follows', () => {
    const f = createKeyFilter();
    expect(f.push(E)).toBe('');
    expect(f.pending()).toBe(E);
    expect(f.flush()).toBe(E);
  });

  test('a paste split across chunks stays text until its end marker', () => {
    const f = createKeyFilter();
    expect(f.push(`${E}[200~ab\r`)).toBe('ab ');
    expect(f.push(`c${E}[B`)).toBe('c');
    expect(f.push(`${E}[201~${E}[B`)).toBe(`${E}[B`);
  });

  test.for([`${E}[1;5P`, `${E}[1;5I`, `${E}[31m`, `${E}[200~`, `${E}[I`])('Ink has no name for %j', (seq) => {
    expect(inkKnows(seq)).toBe(false);
  });
});
