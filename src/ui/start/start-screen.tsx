// The first screen: type what the user sees, pick a tree, or "Not sure", or resume.
import { Box, useStdout } from 'ink';
import { Text } from '../text.js';
import { useMemo } from 'react';
import type { SearchIndex } from '../../search/search.js';
import { safeText } from '../../util/safe-text.js';
import { useTheme } from '../theme.js';
import { useStart } from './use-start.js';
import { startItems, useStartState, type RecentSession, type StartItem } from './use-start-state.js';

export interface StartScreenProps {
  /** What the search field searches: trees, questions and fixes (src/search). */
  index: SearchIndex;
  /** Open sessions, newest first. @default [] */
  recent?: RecentSession[];
  /** The tree "Not sure" starts; hidden when the set has none. */
  triage?: string;
  onStart: (item: StartItem) => void;
  /** Listens to keys only while true. @default true */
  isActive?: boolean;
}

export function StartScreen({ index, recent = [], triage, onStart, isActive = true }: StartScreenProps) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const [state, dispatch] = useStartState();
  // The list gets what the terminal has left after the heading, the field and the footer.
  const rows = stdout.rows || 24;
  const maxRecent = Math.min(3, recent.length);
  const maxTrees = Math.max(2, rows - 12 - maxRecent);
  const columns = stdout.columns || 80;
  const itemsFor = (query: string) => startItems({ index, query, recent, triage, maxTrees, maxRecent });
  const items = useMemo(() => startItems({ index, query: state.query, recent, triage, maxTrees, maxRecent }), [index, state.query, recent, triage, maxTrees, maxRecent]);
  const cursor = Math.min(state.cursor, Math.max(0, items.length - 1));
  useStart({
    state,
    dispatch,
    isActive,
    countFor: (s) => (s.query === state.query ? items.length : itemsFor(s.query).length),
    onPick: (s) => {
      const list = s.query === state.query ? items : itemsFor(s.query);
      const item = list[Math.min(s.cursor, list.length - 1)];
      if (item) onStart(item);
    },
  });

  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent}>
        eas-doctor — why will this phone not sync?
      </Text>
      <Text color={theme.muted}>Type what the user sees (e.g. "certificate", "401", "no mail"); Enter starts.</Text>
      <Box marginTop={1}>
        <Text wrap="truncate-start">
          Search: {state.query}
          <Text inverse> </Text>
        </Text>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {state.query.trim() && !items.some((i) => i.kind === 'tree') ? (
          <Text color={theme.warn} wrap="wrap">
            No tree, question or fix matches "{state.query}": try other words, the exact message or code, or pick "Not sure". Esc clears the search.
          </Text>
        ) : null}
        {items.map((item, i) => (
          <Row key={`${item.kind}:${item.id}`} item={item} on={i === cursor} first={i === 0 || items[i - 1]!.kind !== item.kind} columns={columns} />
        ))}
      </Box>
      <Box marginTop={1}>
        <Text color={theme.muted} dimColor={theme.mono}>
          ↑↓ move · Enter start · Esc clear · Ctrl-C quit
        </Text>
      </Box>
    </Box>
  );
}

/** What a hit's match adds to its line: nothing when the title itself matched. */
function matchNote(item: Extract<StartItem, { kind: 'tree' }>): string {
  if (item.field === 'title' || item.field === 'id' || !item.match) return '';
  if (item.field === 'symptom') return `“${item.match}”`;
  if (item.field === 'label') return `answer “${item.match}”`;
  return item.match;
}

function Row({ item, on, first, columns }: { item: StartItem; on: boolean; first: boolean; columns: number }) {
  const theme = useTheme();
  const mark = on ? '› ' : '  ';
  const color = on ? theme.accent : undefined;
  if (item.kind === 'triage') {
    return (
      <Text color={color} bold={on} wrap="truncate-end">
        {mark}Not sure — start the general triage
      </Text>
    );
  }
  if (item.kind === 'resume') {
    return (
      <Box flexDirection="column">
        {first ? <Text color={theme.muted}>Resume an open session:</Text> : null}
        <Text color={color} bold={on} wrap="truncate-end">
          {mark}
          {safeText(item.title)}
          <Text color={theme.muted}>{safeText(`  ${item.id}${item.detail ? ` · ${item.detail}` : ''}`)}</Text>
        </Text>
      </Box>
    );
  }
  // A question can be long: it keeps at most 60 % of the line, so what matched stays in view.
  const room = Math.max(20, Math.floor(columns * 0.6));
  const title = item.title.length > room ? `${item.title.slice(0, room - 1)}…` : item.title;
  const note = matchNote(item);
  const where = item.node ? ` · ${item.treeTitle}` : '';
  return (
    <Text color={color} bold={on} wrap="truncate-end">
      {mark}
      {safeText(title)}
      <Text color={theme.muted} bold={false}>
        {note ? `  ${safeText(note)}` : ''}
        {safeText(where)}
      </Text>
    </Text>
  );
}
