// One session's walk: the log of finished steps in <Static>, the live step below it, a
// message line and the key footer. Keys that act on the whole walk live here.
import { Box, Static, useInput, useStdout } from 'ink';
import { Text } from '../text.js';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { CompiledTrees } from '../../compile/compile.js';
import { probeCatalog } from '../../probes/catalog.js';
import type { Session } from '../../session/session.js';
import type { StepView } from '../../session/view.js';
import { fixCommands } from '../fix/commands.js';
import { TextInput } from '../text-input/index.js';
import { useTheme } from '../theme.js';
import { Footer, walkKeys } from './footer.js';
import { LogLine } from './log-item.js';
import { advanceLog, logWithNotices, type LogState } from './log.js';
import type { ProgressChannel } from './progress.js';
import { probeStage, questionItems } from './probe-stage.js';
import { END_ITEMS, EndStep, EscalateStep, FixStep, fixItems, InputStep, QuestionStep, type StepActions } from './steps.js';
import { useWalkState, walkKey, type WalkCommand, type WalkMode } from './use-walk-state.js';

/** Side effects the walk asks of its host; each resolves with the message to show. */
export interface WalkServices {
  copy: (view: Extract<StepView, { kind: 'fix' }>) => Promise<string>;
  exportTranscript: () => Promise<string>;
  progress?: ProgressChannel;
}

export interface WalkScreenProps {
  session: Session;
  compiled: CompiledTrees;
  services: WalkServices;
  /** 'quit': left open on purpose (q); 'done': finished at an end. */
  onExit: (reason: 'quit' | 'done') => void;
  /** The session was resumed: the log's first line says so. @default false */
  resumed?: boolean;
  /** Lines printed before the log, such as what a resume did. @default [] */
  notices?: readonly string[];
  /** Listens to keys only while true. @default true */
  isActive?: boolean;
}

export function WalkScreen({ session, compiled, services, onExit, resumed = false, notices = [], isActive = true }: WalkScreenProps) {
  const theme = useTheme();
  const { stdout } = useStdout();
  const columns = stdout.columns || 80;
  const [, refresh] = useReducer((n: number) => n + 1, 0);
  useEffect(() => session.subscribe(refresh), [session]);
  const [state, dispatch] = useWalkState();
  // Keys typed ahead of a re-render (r then y at once) must see the mode the first one set.
  const modeRef = useRef(state.mode);
  modeRef.current = state.mode;
  const setMode = (mode: WalkMode) => {
    modeRef.current = mode;
    dispatch({ type: 'mode', mode });
  };
  const [collecting, setCollecting] = useState(false);
  const view = session.view();
  const events = session.history();
  const logRef = useRef<LogState | undefined>(undefined);
  logRef.current ??= logWithNotices(notices);
  logRef.current = advanceLog(logRef.current, { events, compiled, catalog: probeCatalog, view, resumed });
  const stepId = `${view.kind}:${'key' in view ? view.key : ''}:${view.step}`;
  useEffect(() => dispatch({ type: 'step', step: stepId }), [stepId, dispatch]);
  const running = view.kind === 'question' && view.probe?.running === true;

  const say = useCallback((text: string, tone: 'info' | 'ok' | 'error' = 'info') => dispatch({ type: 'message', text, tone }), [dispatch]);
  const guard = useCallback(
    (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        say(err instanceof Error ? err.message : String(err), 'error');
      }
    },
    [say],
  );
  const later = useCallback((p: Promise<string>) => p.then((m) => say(m, 'ok'), (err: unknown) => say(err instanceof Error ? err.message : String(err), 'error')), [say]);

  const actions: StepActions = useMemo(
    () => ({
      answer: (key, byProbe) => guard(() => session.answer(key, byProbe)),
      // Thrown on purpose: the input field shows the reason beside the field.
      input: (name, value) => session.input(name, value),
      runProbe: () =>
        guard(() => {
          void session.runProbe().then((o) => {
            if (!o) say('Check cancelled. Run it again or answer yourself.');
          });
        }),
      back: () => guard(() => (session.back() ? undefined : say('This is the first question: there is nothing to go back to.'))),
      fixed: () => guard(() => session.fixed()),
      notFixed: () => guard(() => session.notFixed()),
      copy: () => {
        const v = session.view();
        if (v.kind === 'fix') void later(services.copy(v));
      },
      exportTranscript: () => void later(services.exportTranscript()),
      finish: () => onExit('done'),
    }),
    [session, guard, say, later, services, onExit],
  );

  const run = (cmd: WalkCommand) => {
    switch (cmd) {
      case 'back':
        return actions.back();
      case 'ask-restart':
        return setMode('confirm-restart');
      case 'note':
        return setMode('note');
      case 'export':
        return actions.exportTranscript();
      case 'ask-quit':
        return session.status === 'open' ? setMode('confirm-quit') : onExit('done');
      case 'help':
        if (view.kind === 'question' && !view.help) return say('This question has no help text.');
        return dispatch({ type: 'toggle-help' });
      case 'cancel-probe':
        return session.cancelProbe();
      case 'yes': {
        const asked = modeRef.current;
        setMode('main');
        if (asked === 'confirm-quit') return onExit('quit');
        return guard(() => session.restart());
      }
      case 'no':
        return setMode('main');
    }
  };
  const typing = view.kind === 'input' || collecting || state.mode === 'note';
  useInput(
    (input, key) => {
      if (modeRef.current === 'note') return;
      const cmd = walkKey(input, key, { mode: modeRef.current, running });
      if (cmd) run(cmd);
    },
    { isActive: isActive && !typing },
  );

  const stepActive = isActive && state.mode === 'main' && !running;
  return (
    <Box flexDirection="column">
      {/* Static output is laid out on its own: without a width its text wraps one column late. */}
      <Static items={logRef.current!.items}>
        {(item) => (
          <Box key={item.key} width={columns} flexDirection="column">
            <LogLine item={item} />
          </Box>
        )}
      </Static>
      <Box flexDirection="column" marginTop={1}>
        {view.kind === 'question' ? (
          <QuestionStep view={view} help={state.help} active={stepActive || (collecting && isActive)} actions={actions} progress={services.progress} onCollecting={setCollecting} />
        ) : view.kind === 'input' ? (
          <InputStep view={view} active={isActive && state.mode === 'main'} actions={actions} />
        ) : view.kind === 'fix' ? (
          <FixStep view={view} active={stepActive} actions={actions} commands={fixCommands(view).count} />
        ) : view.kind === 'escalate' ? (
          <EscalateStep view={view} active={stepActive} actions={actions} />
        ) : (
          <EndStep view={view} active={stepActive} actions={actions} />
        )}
      </Box>
      {state.message ? (
        <Text color={state.message.tone === 'error' ? theme.error : state.message.tone === 'ok' ? theme.ok : theme.warn} wrap="wrap">
          {state.message.text}
        </Text>
      ) : null}
      <Box marginTop={1}>
        {state.mode === 'note' ? (
          <Box flexDirection="column">
            <Text>Note for the transcript (Enter saves, Esc cancels):</Text>
            <TextInput
              isActive={isActive}
              onCancel={() => setMode('main')}
              onSubmit={(text) => {
                setMode('main');
                if (text.trim()) guard(() => session.note(text.trim()));
              }}
            />
          </Box>
        ) : state.mode === 'confirm-quit' ? (
          <Text bold wrap="wrap">
            Quit now? The session is kept and can be resumed from the start screen. (y/n)
          </Text>
        ) : state.mode === 'confirm-restart' ? (
          <Text bold wrap="wrap">
            Restart from the first question? Answers are undone, inputs kept. (y/n)
          </Text>
        ) : running ? (
          <Footer keys={[['Esc', 'cancel the check'], ['Ctrl-C', 'quit (session kept)']]} />
        ) : typing ? (
          <Footer keys={[['Enter', 'ok'], ['Esc', 'back'], ...(view.kind === 'input' && view.input.help ? [['?', 'help'] as [string, string]] : []), ['Ctrl-C', 'quit (session kept)']]} />
        ) : (
          <Footer keys={walkKeys(listLength(view))} />
        )}
      </Box>
    </Box>
  );
}

/** How many entries the step's list has, for the footer. */
function listLength(view: StepView): number {
  if (view.kind === 'question') return questionItems(view, probeStage(view)).length;
  if (view.kind === 'fix') return fixItems(view, fixCommands(view).count).length;
  return END_ITEMS.length;
}
