// The fix in full, printed once into the log when the walk reaches it: what is wrong, why,
// the steps with their commands in a block labelled by shell, how to verify, sources.
import { Box, useStdout } from 'ink';
import { Text } from '../text.js';
import type { StepView } from '../../session/view.js';
import type { Shell } from '../../tree/types.js';
import { wrapCommand } from './wrap-command.js';
import { choiceNote, layoutSteps, splitTokens, type ShownStep } from '../../tree/fix-steps.js';
import { useTheme } from '../theme.js';
import { Evidence } from '../walk/evidence.js';

type FixView = Extract<StepView, { kind: 'fix' }>;
type EscalateView = Extract<StepView, { kind: 'escalate' }>;

/**
 * A command in a rounded box whose top edge names the shell: ╭─ powershell ───╮. A long
 * command breaks between words, with the shell's continuation mark (wrapCommand). Text to
 * replace by hand (`tokens`) stands out: in the theme's colour, bold; without colours,
 * underlined; either way it is kept as written and listed under the box.
 */
export function CommandBlock({ shell, code, width, tokens = [] }: { shell: Shell; code: string; width: number; tokens?: readonly string[] }) {
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
            {tokens.length
              ? splitTokens(line, tokens).map((p, k) =>
                  p.token ? (
                    <Text key={k} color={theme.warn} bold={!theme.mono} underline={theme.mono}>
                      {p.text}
                    </Text>
                  ) : (
                    p.text
                  ),
                )
              : line}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

/** A step's command box, then "Replace SITE with: ..." for each part to replace by hand. */
function StepCommand({ step, width }: { step: ShownStep; width: number }) {
  const theme = useTheme();
  if (!step.run && !step.replace?.length) return null;
  return (
    <Box marginLeft={3} flexDirection="column">
      {step.run ? <CommandBlock shell={step.run.shell} code={step.run.code} width={width} tokens={step.replace?.map((r) => r.token)} /> : null}
      {(step.replace ?? []).map((r, k) => (
        <Text key={k} wrap="wrap">
          <Text color={theme.warn} bold={!theme.mono} underline={theme.mono}>{`Replace ${r.token}`}</Text>
          {` with: ${r.means}`}
        </Text>
      ))}
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
      {layoutSteps(view.steps).map((line, i) => {
        const numberWidth = String(view.steps.length).length + 2;
        if (line.kind === 'choice')
          return (
            <Box key={i} marginLeft={1}>
              <Box width={numberWidth} flexShrink={0}>
                <Text>{`${line.number}.`}</Text>
              </Box>
              <Text wrap="wrap">
                {line.text} <Text bold>{choiceNote(line.letters)}</Text>
              </Text>
            </Box>
          );
        const indent = line.kind === 'option' ? numberWidth + 1 : 1;
        return (
          <Box key={i} flexDirection="column" marginLeft={indent}>
            <Box>
              {line.kind === 'option' ? (
                <Box flexShrink={0} marginRight={1}>
                  <Text bold={line.first} color={line.first ? theme.accent : theme.muted}>
                    {line.label}
                  </Text>
                </Box>
              ) : (
                <Box width={numberWidth} flexShrink={0}>
                  <Text>{`${line.number}.`}</Text>
                </Box>
              )}
              <Text wrap="wrap">{line.step.text}</Text>
            </Box>
            <StepCommand step={line.step} width={width - indent - 2} />
          </Box>
        );
      })}
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
