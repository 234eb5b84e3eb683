import { describe, expect, test, vi } from 'vitest';
import { Select, selectReducer, type SelectState } from '../../src/ui/select/index.js';
import { KEY, renderUi } from './render.js';

describe('select reducer', () => {
  const s = (cursor: number, count = 3): SelectState => ({ cursor, count });
  test.for([
    ['down moves on', s(0), { type: 'down' }, 1],
    ['down wraps to the first', s(2), { type: 'down' }, 0],
    ['up wraps to the last', s(0), { type: 'up' }, 2],
    ['set picks an index', s(0), { type: 'set', index: 2 }, 2],
    ['set ignores an index out of range', s(1), { type: 'set', index: 7 }, 1],
    ['last', s(0), { type: 'last' }, 2],
    ['resize keeps the cursor inside', s(2), { type: 'resize', count: 2 }, 1],
  ] as const)('%s', ([, state, action, cursor]) => {
    expect(selectReducer(state, action).cursor).toBe(cursor);
  });
});

describe('Select', () => {
  const items = [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No', hint: 'the check says so' },
  ];

  test('numbers items, marks the initial one, and Enter picks it', async () => {
    const onSubmit = vi.fn();
    const ui = renderUi(<Select items={items} initial="no" onSubmit={onSubmit} />);
    expect(ui.frame()).toBe(['  1. Yes', '› 2. No  (the check says so)'].join('\n'));
    await ui.press(KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith('no');
  });

  test('arrows move; a digit picks at once; digits past the list do nothing', async () => {
    const onSubmit = vi.fn();
    const ui = renderUi(<Select items={items} onSubmit={onSubmit} />);
    await ui.press(KEY.down);
    await ui.waitFor('› 2. No');
    await ui.press('9');
    expect(onSubmit).not.toHaveBeenCalled();
    await ui.press('1');
    expect(onSubmit).toHaveBeenCalledWith('yes');
  });

  test('an inactive select ignores keys', async () => {
    const onSubmit = vi.fn();
    const ui = renderUi(<Select items={items} isActive={false} onSubmit={onSubmit} />);
    await ui.press('1', KEY.enter);
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
