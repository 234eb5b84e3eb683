import { describe, expect, test, vi } from 'vitest';
import { TextInput, textInputReducer, type TextInputState } from '../../src/ui/text-input/index.js';
import { KEY, renderUi } from './render.js';

describe('text input reducer', () => {
  const s = (value: string, cursor = value.length): TextInputState => ({ value, cursor });
  test.for([
    ['inserts at the cursor', s('ac', 1), { type: 'insert', text: 'b' }, s('abc', 2)],
    ['a pasted line break becomes a space', s(''), { type: 'insert', text: 'a\r\nb' }, s('a b')],
    ['control characters are dropped', s(''), { type: 'insert', text: 'a\u0007' }, s('a')],
    ['backspace removes before the cursor', s('abc', 2), { type: 'backspace' }, s('ac', 1)],
    ['backspace at the start does nothing', s('abc', 0), { type: 'backspace' }, s('abc', 0)],
    ['left stops at the start', s('a', 0), { type: 'left' }, s('a', 0)],
    ['right stops at the end', s('a'), { type: 'right' }, s('a')],
    ['kill-line clears', s('abc'), { type: 'kill-line' }, s('')],
  ] as const)('%s', ([, state, action, want]) => {
    expect(textInputReducer(state, action)).toEqual(want);
  });
});

describe('TextInput', () => {
  test('"?" in an empty field asks for help; inside a value it is typed', async () => {
    const onHelp = vi.fn();
    const onSubmit = vi.fn();
    const ui = renderUi(<TextInput onHelp={onHelp} onSubmit={onSubmit} />);
    await ui.press('?');
    expect(onHelp).toHaveBeenCalledTimes(1);
    await ui.press('a?b', KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith('a?b');
    expect(onHelp).toHaveBeenCalledTimes(1);
  });

  test('a masked field shows bullets and submits the real text', async () => {
    const onSubmit = vi.fn();
    const ui = renderUi(<TextInput mask onSubmit={onSubmit} />);
    await ui.press('s3cr', 'et');
    await ui.waitFor('••••••');
    expect(ui.frame()).not.toContain('s3cr');
    await ui.press(KEY.backspace, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith('s3cre');
  });

  test('Ctrl-U and Backspace glued to text in one chunk still edit', async () => {
    const onSubmit = vi.fn();
    const ui = renderUi(<TextInput onSubmit={onSubmit} />);
    await ui.press('https://x');
    await ui.press('\u0015mail.contoso.comm\u007f');
    await ui.waitFor('mail.contoso.com');
    await ui.press(KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith('mail.contoso.com');
  });

  test('Esc cancels', async () => {
    const onCancel = vi.fn();
    const ui = renderUi(<TextInput onSubmit={() => undefined} onCancel={onCancel} placeholder="for example x" />);
    expect(ui.frame()).toBe('for example x');
    await ui.press(KEY.esc);
    await vi.waitFor(() => expect(onCancel).toHaveBeenCalled());
  });
});
