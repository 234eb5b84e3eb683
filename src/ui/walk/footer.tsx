// The key line at the bottom of the live area; it changes with what the keys do now.
import { Text } from '../text.js';
import { itemKeyRange } from '../select/use-select-state.js';
import { useTheme } from '../theme.js';

export function Footer({ keys }: { keys: Array<[string, string]> }) {
  const theme = useTheme();
  return (
    <Text wrap="wrap">
      {keys.map(([k, what], i) => (
        <Text key={k}>
          {i > 0 ? '  ' : ''}
          <Text bold color={theme.accent}>
            {k}
          </Text>
          <Text color={theme.muted}>{` ${what}`}</Text>
        </Text>
      ))}
    </Text>
  );
}

/** The walk's keys, with the keys that pick an entry of the list shown (`count` entries). */
export function walkKeys(count: number): Array<[string, string]> {
  return [[`↑↓ ${itemKeyRange(count)} Enter`, 'choose'], ...WALK_KEYS];
}

const WALK_KEYS: Array<[string, string]> = [
  ['?', 'help'],
  ['b', 'back'],
  ['r', 'restart'],
  ['n', 'note'],
  ['e', 'export'],
  ['q', 'quit'],
];
