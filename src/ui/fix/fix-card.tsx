// The fix in full, printed once into the log when the walk reaches it: what is wrong, why,
// the steps with their commands in a block labelled by shell, how to verify, sources.
import { Box, useStdout } from 'ink';
import { Text } from '../text.js';
import type { StepView } from '../../session/view.js';
import type { Shell } from '../../tree/types.js';
import { wrapCommand } from './wrap-command.js';
import { useTheme } from '../theme.js';
import { Evidence } from '../walk/evidence.js';

type FixView = Extract<StepView, { kind: 'fix' }>;
type EscalateView = Extract<StepView, { kind: 'escalate' }>;

/**
 * A command in a rounded box whose top edge names the shell: ╭─ powershell ───╮. A long
 * command breaks between words, with the shell's continuation mark (wrapCommand).
 */
export function CommandBlock({ shell, code, width }: { shell: Shell; code: string; width: number }) {
  const theme = useTheme();
  const label = `╭─ ${shell} `;
  const top = label + '─'.repeat(Math.max(1, width - label.length - 1)) + '╮';
  // Two border columns and one column of padding on each side.
  const lines = wrapCommand(code, Math.max(10, width - 4), shell);
  return (
    <Box flexDirection="column" width={width}>
      <Text color={theme.border}>{top}</Text>
      <Box borderStyle="round" borderTop={false} borderColor={theme.border} paddingX={1} width={width} flexDirection="column">
        {lines.map((line, i) => (
          <Text key={i} wrap="wrap">
            {line}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

function Heading({ tag, title, color }: { tag: string; title: string; color: string | undefined }) {
  const theme = useTheme();
  return (
    <Text wrap="wrap">
      <Text bold color={color} inverse={!theme.mono}>{` ${tag} `}</Text>
      <Text bold>{` ${title}`}</Text>
    </Text>
  );
}

function Field({ name, children }: { name: string; children: string }) {
  return (
    <Text wrap="wrap">
      <Text bold>{name}: </Text>
      {children}
    </Text>
  );
}

export function FixCard({ view }: { view: FixView }) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const width = Math.max(30, Math.min((stdout.columns || 80) - 5, 96));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Heading tag="FIX" title={view.title} color={theme.ok} />
      {view.cause ? <Field name="What is wrong">{view.cause}</Field> : null}
      <Field name="Why">{view.why}</Field>
      <Text bold>Steps:</Text>
      {view.steps.map((s, i) => (
        <Box key={i} flexDirection="column" marginLeft={1}>
          <Box>
            <Box width={String(view.steps.length).length + 2} flexShrink={0}>
              <Text>{`${i + 1}.`}</Text>
            </Box>
            <Text wrap="wrap">{s.text}</Text>
          </Box>
          {s.run ? (
            <Box marginLeft={3}>
              <CommandBlock shell={s.run.shell} code={s.run.code} width={width - 3} />
            </Box>
          ) : null}
        </Box>
      ))}
      <Field name="Verify">{view.verify}</Field>
      {view.sources.length ? (
        <Box flexDirection="column">
          {view.sources.map((s, i) => (
            <Text key={i} color={theme.muted} wrap="wrap">
              {i === 0 ? 'Sources: ' : '         '}
              {s}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

export function EscalateCard({ view }: { view: EscalateView }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginTop={1}>
      <Heading tag="ESCALATE" title={view.title} color={theme.warn} />
      <Field name="To">{view.to}</Field>
      {view.why ? <Field name="Why">{view.why}</Field> : null}
      {view.attach.length ? (
        <Box flexDirection="column">
          <Text bold>Attach:</Text>
          {view.attach.map((a, i) => (
            <Box key={i} paddingLeft={2}>
              <Box width={2} flexShrink={0}>
                <Text>-</Text>
              </Box>
              <Text wrap="wrap">{a}</Text>
            </Box>
          ))}
        </Box>
      ) : null}
      <Evidence outcomes={view.evidence} />
    </Box>
  );
}
