// Asks one input (host, user, domain, e-mail, password). The session checks it and says
// why a value does not fit; a secret is masked and kept in memory only.
import { Box } from 'ink';
import { Text } from '../text.js';
import { useState } from 'react';
import type { InputDef } from '../../tree/types.js';
import { TextInput } from '../text-input/index.js';
import { useTheme } from '../theme.js';

export interface InputFieldProps {
  input: InputDef;
  /** Gives the value to the session; throws with the reason when it does not fit. */
  submit: (value: string) => void;
  /** Esc. */
  onCancel?: () => void;
  /** Listens to keys only while true. @default true */
  isActive?: boolean;
}

export function InputField({ input, submit, onCancel, isActive = true }: InputFieldProps) {
  const theme = useTheme();
  const [error, setError] = useState<string>();
  const [help, setHelp] = useState(false);
  return (
    <Box flexDirection="column">
      <Text bold wrap="wrap">
        {input.ask}
        {input.optional ? <Text color={theme.muted}> (optional)</Text> : null}
      </Text>
      {input.help ? (
        <Text color={theme.muted} wrap="wrap">
          {help ? input.help : '? shows where to find it'}
        </Text>
      ) : null}
      {input.secret ? (
        <Text color={theme.muted} wrap="wrap">
          Masked, and kept in memory only: never written to the journal or a transcript.
        </Text>
      ) : null}
      <Box>
        <Text color={theme.accent}>{'> '}</Text>
        <TextInput
          key={input.name}
          mask={input.secret}
          isActive={isActive}
          placeholder={input.example ? `for example ${input.example}` : undefined}
          onCancel={onCancel}
          onHelp={input.help ? () => setHelp((h) => !h) : undefined}
          // The reason stays until the value is edited, then gets out of the way.
          onChange={() => error !== undefined && setError(undefined)}
          onSubmit={(value) => {
            try {
              submit(value);
              setError(undefined);
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
            }
          }}
        />
      </Box>
      {error ? (
        <Text color={theme.error} wrap="wrap">
          ✗ {error}
        </Text>
      ) : null}
    </Box>
  );
}
