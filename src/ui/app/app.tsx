// The wizard: the start screen until a session opens, then its walk. Ctrl-C is handled
// here, everywhere: a running check is cancelled and the session is left open (journaled).
import { Box, useInput } from 'ink';
import { Text } from '../text.js';
import { useEffect, useMemo, useState } from 'react';
import type { CompiledTrees } from '../../compile/compile.js';
import { buildSearchIndex } from '../../search/search.js';
import type { Session } from '../../session/session.js';
import type { SessionSource } from '../sessions.js';
import { StartScreen, type RecentSession, type StartItem } from '../start/index.js';
import { useTheme } from '../theme.js';
import { WalkScreen, type WalkServices } from '../walk/index.js';
import { useAppState, type AppState } from './use-app-state.js';

/** Why the wizard ended. */
export type ExitReason = 'quit' | 'done' | 'interrupt';

export interface AppProps {
  compiled: CompiledTrees;
  source: SessionSource;
  /** A session already open (`run TREE`, or a resume). */
  initial?: { session: Session; resumed: boolean; messages?: string[] };
  /** @default [] */
  recent?: RecentSession[];
  /** Loads open sessions after the first screen is up (reading journals takes time). */
  loadRecent?: () => Promise<RecentSession[]>;
  ticket?: string;
  operator?: string;
  /** The side effects of a walk (copy, export), per session. */
  services: (session: Session) => WalkServices;
  onExit: (reason: ExitReason, session?: Session) => void;
  /** Told of each session the wizard opens. */
  onSession?: (session: Session) => void;
}

export function App({ compiled, source, initial, recent: given = [], loadRecent, ticket, operator, services, onExit, onSession }: AppProps) {
  const theme = useTheme();
  const start: AppState = initial ? { screen: 'walk', session: initial.session, resumed: initial.resumed, messages: initial.messages ?? [] } : { screen: 'start' };
  const [state, dispatch] = useAppState(start);
  const session = state.screen === 'walk' ? state.session : undefined;
  const walkServices = useMemo(() => (session ? services(session) : undefined), [session, services]);
  useEffect(() => {
    if (session) onSession?.(session);
  }, [session, onSession]);
  const index = useMemo(() => buildSearchIndex(compiled.set.trees.values()), [compiled]);
  useEffect(() => {
    // Index the words once the first screen is up, so the first key typed does not wait.
    if (initial) return;
    const t = setTimeout(() => index.search('warm up'), 20);
    return () => clearTimeout(t);
  }, [index, initial]);
  const [recent, setRecent] = useState(given);
  useEffect(() => {
    if (!loadRecent || initial) return;
    let live = true;
    loadRecent().then(
      (r) => live && setRecent(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [loadRecent, initial]);

  useInput((input, key) => {
    if (!(key.ctrl && input === 'c')) return;
    session?.cancelProbe();
    onExit('interrupt', session);
  });

  const pick = (item: StartItem) => {
    if (item.kind === 'resume') {
      dispatch({ type: 'opening', what: `Resuming session ${item.id}…` });
      source.resume(item.id).then(
        (r) => dispatch({ type: 'opened', session: r.session, resumed: true, messages: r.messages }),
        (err: unknown) => dispatch({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
      );
      return;
    }
    dispatch({ type: 'opening', what: 'Starting…' });
    const at = item.kind === 'tree' ? { tree: item.tree, ...(item.node ? { node: item.node } : {}) } : { tree: item.id };
    source.start({ ...at, ticket, operator }).then(
      (s) => dispatch({ type: 'opened', session: s, resumed: false }),
      (err: unknown) => dispatch({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
    );
  };

  if (state.screen === 'opening') return <Text color={theme.muted}>{state.what}</Text>;
  if (state.screen === 'start') {
    return (
      <Box flexDirection="column">
        <StartScreen index={index} recent={recent} triage={compiled.set.trees.has('triage') ? 'triage' : undefined} onStart={pick} />
        {state.error ? (
          <Text color={theme.error} wrap="wrap">
            {state.error}
          </Text>
        ) : null}
      </Box>
    );
  }
  return (
    <WalkScreen session={state.session} compiled={compiled} services={walkServices!} resumed={state.resumed} notices={state.messages} onExit={(r) => onExit(r, state.session)} />
  );
}
