import { describe, expect, test } from 'vitest';
import { clipText, isSafeText, safeJson, safeText } from '../../src/util/safe-text.js';

/** Any byte a terminal would act on: C0 (bar none), DEL, C1, bidi controls. */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('safeText', () => {
  test.for([
    ['plain text', 'alice@contoso.com', 'alice@contoso.com'],
    ['a backslash in a user name', 'CONTOSO\\alice', 'CONTOSO\\alice'],
    ['unicode letters and emoji', 'Zoë 👩‍💻 日本', 'Zoë 👩‍💻 日本'],
    ['a window-title OSC', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
    ['a screen clear', 'a\x1b[2Jb', 'a\\x1b[2Jb'],
    ['an OSC 8 hyperlink', '\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\', '\\x1b]8;;http://evil\\x1b\\click\\x1b]8;;\\x1b\\'],
    ['NUL, backspace, DEL', 'a\x00b\x08c\x7f', 'a\\x00b\\x08c\\x7f'],
    ['C1 CSI and OSC', 'a\u009b31mb\u009d0;x', 'a\\x9b31mb\\x9d0;x'],
    ['a right-to-left override', 'invoice\u202egpj.exe', 'invoice\\u202egpj.exe'],
    ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', '\\u2066a\\u2067b\\u2068c\\u2069'],
    ['bidi marks', 'a\u200eb\u200fc', 'a\\u200eb\\u200fc'],
    ['line separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['newline, CR, tab by default', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
  ] as const)('%s', ([, input, want]) => {
    expect(safeText(input)).toBe(want);
    expect(safeText(input)).not.toMatch(RAW_CONTROL);
  });

  test('keeps line feeds only when allowed, and turns CR LF into LF', () => {
    expect(safeText('one\r\ntwo\nthree\rfour', { newlines: true })).toBe('one\ntwo\nthree\\rfour');
    expect(safeText('a\tb', { newlines: true })).toBe('a\\tb');
  });

  test('keeps tabs only when allowed', () => {
    expect(safeText('a\tb\nc', { tabs: true })).toBe('a\tb\\nc');
  });

  test('every code point below U+00A0 but printable ASCII is escaped', () => {
    for (let c = 0; c < 0xa0; c++) {
      const ch = String.fromCharCode(c);
      const out = safeText(ch);
      if (c >= 0x20 && c < 0x7f) expect(out).toBe(ch);
      else expect(out).toMatch(/^\\([ntr]|x[0-9a-f]{2})$/);
    }
  });

  test('returns the same string when nothing needs escaping', () => {
    const s = 'x'.repeat(10_000);
    expect(safeText(s)).toBe(s);
    expect(isSafeText(s)).toBe(true);
    expect(isSafeText('\x1b')).toBe(false);
  });
});

describe('clipText', () => {
  test('cuts a long echo and says how much was left out', () => {
    const out = clipText('a'.repeat(5_000_000), 100);
    expect(out).toBe(`${'a'.repeat(100)}... (4999900 more characters)`);
  });
  test('never splits a surrogate pair', () => {
    const out = clipText(`${'a'.repeat(9)}😀tail`, 10);
    expect(out.startsWith('a'.repeat(9) + '...')).toBe(true);
  });
  test('escapes what it keeps', () => {
    expect(clipText('\x1b[31mred', 5)).toBe('\\x1b[31m... (3 more characters)');
  });
});

describe('safeJson', () => {
  test('escapes DEL, C1 and bidi controls that JSON.stringify leaves raw, and stays valid JSON', () => {
    const value = { name: 'a\u007fb\u009bc\u202ed\u2066e', nested: ['\x1b[31m'] };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('a\\u007fb\\u009bc\\u202ed\\u2066e');
    expect(JSON.parse(text)).toEqual(value);
  });
});
