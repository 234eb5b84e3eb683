// The probe part of a question: the running check (spinner, elapsed time, current action,
// Esc cancels) or its result (badge, summary, key evidence).
import { Box } from 'ink';
import { Text } from '../text.js';
import { useEffect, useState } from 'react';
import type { ProbeView } from '../../session/view.js';
import { useTheme } from '../theme.js';
import { Badge, keyEvidence } from './evidence.js';
import type { ProgressChannel } from './progress.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Seconds with one decimal: "1.2 s". */
export function formatElapsed(ms: number): string {
  // A no-break space: "0.0 s" never wraps between the number and its unit.
  return `${(Math.max(0, ms) / 1000).toFixed(1)}\u00a0s`;
}

export function ProbeRunning({ probe, progress, now = Date.now }: { probe: ProbeView; progress?: ProgressChannel; now?: () => number }) {
  const theme = useTheme();
  const [started] = useState(now);
  const [tick, setTick] = useState(0);
  const [action, setAction] = useState<string>();
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 100);
    return () => clearInterval(t);
  }, []);
  useEffect(() => progress?.subscribe(setAction), [progress]);
  return (
    <Box flexDirection="column">
      <Text wrap="wrap">
        <Text color={theme.accent}>{FRAMES[tick % FRAMES.length]}</Text> Running check: {probe.describe}
        <Text color={theme.muted}>{`  ${formatElapsed(now() - started)}`}</Text>
      </Text>
      <Text color={theme.muted} wrap="truncate-end">
        {'  '}
        {action ?? 'starting…'}
      </Text>
    </Box>
  );
}

export function ProbeResult({ probe }: { probe: ProbeView }) {
  const theme = useTheme();
  const o = probe.outcome;
  if (!o) return null;
  return (
    <Box flexDirection="column">
      <Text wrap="wrap">
        <Badge verdict={probe.verdict} /> {probe.title}: {o.summary}
        <Text color={theme.muted}>{`  (${formatElapsed(o.durationMs)})`}</Text>
      </Text>
      {keyEvidence(o.evidence, 3, o.params).map((line, i) => (
        <Text key={i} color={theme.muted} wrap="truncate-end">
          {'    '}
          {line}
        </Text>
      ))}
      {probe.suggested ? (
        <Text color={theme.muted} wrap="wrap">
          The check points to the answer marked below; Enter confirms it.
        </Text>
      ) : (
        <Text color={theme.muted} wrap="wrap">
          The check cannot answer this on its own; choose the answer below.
        </Text>
      )}
    </Box>
  );
}
