// Probe outcomes as evidence lines: a verdict badge, what was checked, what it found.
import { Box } from 'ink';
import { Text } from '../text.js';
import type { ProbeOutcome } from '../../compile/machine.js';
import type { Verdict } from '../../probes/types.js';
import { probeCatalog } from '../../probes/catalog.js';
import { useTheme } from '../theme.js';

const MARK: Record<Verdict, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

export function verdictOf(o: Pick<ProbeOutcome, 'probe' | 'classification'>): Verdict | undefined {
  return probeCatalog.get(o.probe)?.verdicts[o.classification] ?? (o.classification === 'timeout' || o.classification === 'error' ? 'fail' : undefined);
}

/** [PASS] in green, [WARN] in yellow, [FAIL] in red; the word carries it without colour. */
export function Badge({ verdict }: { verdict?: Verdict }) {
  const theme = useTheme();
  if (!verdict) return <Text>[INFO]</Text>;
  return (
    <Text bold color={theme.verdict[verdict]}>
      [{MARK[verdict]}]
    </Text>
  );
}

/** Key evidence, as `name: value` lines: scalars and short lists, never whole objects. */
export function keyEvidence(evidence: Record<string, unknown>, max = 4, params: Record<string, unknown> = {}): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(evidence)) {
    if (lines.length >= max) break;
    // What the check was given is in its description already.
    if (k in params && String(params[k]) === String(v)) continue;
    let text: string | undefined;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') text = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) text = v.slice(0, 5).join(', ') + (v.length > 5 ? ', …' : '');
    if (text === undefined || text === '') continue;
    lines.push(`${k}: ${text.length > 120 ? text.slice(0, 117) + '…' : text}`);
  }
  return lines;
}

export function Evidence({ outcomes }: { outcomes: ProbeOutcome[] }) {
  if (!outcomes.length) return null;
  return (
    <Box flexDirection="column">
      <Text bold>Evidence gathered:</Text>
      {outcomes.map((o, i) => (
        <Box key={i} paddingLeft={2}>
          <Box width={7} flexShrink={0}>
            <Badge verdict={verdictOf(o)} />
          </Box>
          <Text wrap="wrap">{o.summary}</Text>
        </Box>
      ))}
    </Box>
  );
}
