// A one-line text field with a block cursor; secrets show one bullet per character.
import { Text } from '../text.js';
import { useTheme } from '../theme.js';
import { useTextInput } from './use-text-input.js';
import { useTextInputState } from './use-text-input-state.js';

export interface TextInputProps {
  onSubmit: (value: string) => void;
  /** Esc. */
  onCancel?: () => void;
  /** Each edit, with the new text. */
  onChange?: (value: string) => void;
  /** Shown dimmed while the field is empty. */
  placeholder?: string;
  /** Mask what is typed (passwords). @default false */
  mask?: boolean;
  /** Listens to keys only while true. @default true */
  isActive?: boolean;
  /** `?` typed into the empty field (the field's help); without it `?` is typed. */
  onHelp?: () => void;
  /** @default '' */
  initial?: string;
}

export function TextInput({ onSubmit, onCancel, onChange, onHelp, placeholder, mask = false, isActive = true, initial = '' }: TextInputProps) {
  const theme = useTheme();
  const [state, dispatch] = useTextInputState(initial);
  useTextInput({ state, dispatch, onSubmit, onCancel, onChange, onHelp, isActive });
  const shown = mask ? '•'.repeat(state.value.length) : state.value;
  if (!shown && placeholder) {
    return (
      <Text>
        <Text inverse>{placeholder[0] ?? ' '}</Text>
        <Text color={theme.muted} dimColor>
          {placeholder.slice(1)}
        </Text>
      </Text>
    );
  }
  const before = shown.slice(0, state.cursor);
  const at = shown[state.cursor] ?? ' ';
  const after = shown.slice(state.cursor + 1);
  return (
    <Text wrap="wrap">
      {before}
      {isActive ? <Text inverse>{at}</Text> : at}
      {after}
    </Text>
  );
}
