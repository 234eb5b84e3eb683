// One finished line of the walk's log, as printed into <Static>.
import { Box } from 'ink';
import { Text } from '../text.js';
import { EscalateCard, FixCard } from '../fix/fix-card.js';
import { useTheme } from '../theme.js';
import { Badge } from './evidence.js';
import type { LogItem } from './log.js';

const END_TEXT = { resolved: 'Session ended: resolved.', escalated: 'Session ended: escalated.', abandoned: 'Session ended: abandoned.' } as const;

/** A one-character mark in a two-column gutter, so wrapped text lines up after it. */
function Mark({ children, color }: { children: string; color?: string }) {
  return (
    <Box width={2} flexShrink={0}>
      <Text color={color}>{children}</Text>
    </Box>
  );
}

export function LogLine({ item }: { item: LogItem }) {
  const theme = useTheme();
  switch (item.kind) {
    case 'start':
      return (
        <Text color={theme.muted} wrap="wrap">
          {item.resumed ? 'Resumed' : 'Started'} session {item.id}
          {item.ticket ? ` (ticket ${item.ticket})` : ''}: {item.title}
        </Text>
      );
    case 'input':
      return (
        <Box paddingLeft={2}>
          <Text color={theme.muted} wrap="wrap">
            {item.ask}: {item.value}
          </Text>
        </Box>
      );
    case 'answer':
      return (
        <Box flexDirection="column">
          <Box>
            <Mark color={theme.ok}>✔</Mark>
            <Text wrap="wrap">
              <Text color={theme.muted}>{item.crumb} </Text>
              {item.question}
            </Text>
          </Box>
          {item.probe ? (
            <Box paddingLeft={4}>
              <Text wrap="wrap">
                <Badge verdict={item.probe.verdict} /> {item.probe.title}: {item.probe.summary}
              </Text>
            </Box>
          ) : null}
          <Box paddingLeft={2}>
            <Mark>→</Mark>
            <Text wrap="wrap">
              <Text bold>{item.answer}</Text>
              {item.byProbe ? <Text color={theme.muted}> (from the check)</Text> : null}
            </Text>
          </Box>
        </Box>
      );
    case 'note':
      return (
        <Box paddingLeft={2}>
          <Mark>✎</Mark>
          <Text wrap="wrap">Note: {item.text}</Text>
        </Box>
      );
    case 'back':
    case 'restart':
      return (
        <Box flexDirection="column">
          <Text color={theme.muted}>{item.kind === 'back' ? '↶ Back one step' : '⟲ Restarted from the first question (inputs kept)'}</Text>
          {item.undone.map((u, i) => (
            <Box key={i} paddingLeft={2}>
              <Text color={theme.muted} wrap="wrap">
                <Text strikethrough={!theme.mono}>{u.text}</Text>
                {` → ${u.answer}`} (taken back)
              </Text>
            </Box>
          ))}
          {item.card ? (
            <Box paddingLeft={2}>
              <Text color={theme.warn} wrap="wrap">
                ✗ {item.card} (shown above) no longer stands
              </Text>
            </Box>
          ) : null}
        </Box>
      );
    case 'fix-result':
      return (
        <Text wrap="wrap">
          {item.resolved ? <Text color={theme.ok}>✔ Fixed it: </Text> : <Text color={theme.warn}>✗ Did not help: </Text>}
          {item.title}
        </Text>
      );
    case 'end':
      return <Text bold>{END_TEXT[item.status]}</Text>;
    case 'notice':
      return (
        <Text color={theme.warn} wrap="wrap">
          {item.text}
        </Text>
      );
    case 'fix':
      return <FixCard view={item.view} />;
    case 'escalate':
      return <EscalateCard view={item.view} />;
  }
}
