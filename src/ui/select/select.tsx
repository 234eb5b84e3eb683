// A numbered select: "› 1. Yes" — the number (or, past 9, the letter) is the key that picks it.
import { Box } from 'ink';
import { Text } from '../text.js';
import { useTheme } from '../theme.js';
import { useSelect } from './use-select.js';
import { itemKey, useSelectState } from './use-select-state.js';

export interface SelectItem {
  /** What `onSubmit` receives. */
  value: string;
  label: string;
  /** Shown dimmed after the label ("suggested by the check"). */
  hint?: string;
}

export interface SelectProps {
  items: SelectItem[];
  /** The value highlighted first. @default the first item */
  initial?: string;
  onSubmit: (value: string) => void;
  /** Listens to keys only while true. @default true */
  isActive?: boolean;
}

export function Select({ items, initial, onSubmit, isActive = true }: SelectProps) {
  const theme = useTheme();
  const start = Math.max(0, items.findIndex((i) => i.value === initial));
  const { cursor, dispatch } = useSelectState(items.length, start);
  useSelect({ count: items.length, cursor, dispatch, isActive, onSubmit: (i) => onSubmit(items[i]!.value) });
  return (
    <Box flexDirection="column">
      {items.map((item, i) => {
        const on = i === cursor;
        const k = itemKey(i);
        const n = k ? `${k}.` : '  ';
        return (
          <Box key={item.value}>
            <Box width={5} flexShrink={0}>
              <Text color={on ? theme.accent : undefined} bold={on}>
                {on ? '›' : ' '} {n}
              </Text>
            </Box>
            <Text wrap="wrap">
              <Text color={on ? theme.accent : undefined} bold={on}>
                {item.label}
              </Text>
              {item.hint ? <Text color={theme.muted} dimColor={theme.mono}>{`  (${item.hint})`}</Text> : null}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
