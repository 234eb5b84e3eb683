// The live part of each step: question (with its probe), fix actions, escalation, end.
// Cards with the full fix or escalation are in the log above; these stay short.
import { Box } from 'ink';
import { Text } from '../text.js';
import { useEffect, useState } from 'react';
import type { StepView } from '../../session/view.js';
import { Select, type SelectItem } from '../select/index.js';
import { useTheme } from '../theme.js';
import { Evidence } from './evidence.js';
import { InputField } from './input-step.js';
import { ProbeResult, ProbeRunning } from './probe-panel.js';
import { initialItem, probeStage, questionItems, RUN, UNKNOWN_RUNS_CHECK } from './probe-stage.js';
import type { ProgressChannel } from './progress.js';

type View<K extends StepView['kind']> = Extract<StepView, { kind: K }>;

/** What the steps may ask of the session; each may throw a SessionError with the reason. */
export interface StepActions {
  answer: (key: string, byProbe: boolean) => void;
  input: (name: string, value: string) => void;
  runProbe: () => void;
  back: () => void;
  fixed: () => void;
  notFixed: () => void;
  copy: () => void;
  exportTranscript: () => void;
  finish: () => void;
}

export function Crumb({ view }: { view: { tree: { title: string }; step: number } }) {
  const theme = useTheme();
  return (
    <Text color={theme.muted} wrap="truncate-end">
      {view.tree.title} › step {view.step}
    </Text>
  );
}

export function QuestionStep(props: { view: View<'question'>; help: boolean; active: boolean; actions: StepActions; progress?: ProgressChannel; onCollecting?: (on: boolean) => void }) {
  const { view, help, active, actions, progress, onCollecting } = props;
  const theme = useTheme();
  const stage = probeStage(view);
  const [collecting, setCollecting] = useState(false);
  const missing = view.probe?.missing ?? [];
  useEffect(() => onCollecting?.(collecting), [collecting, onCollecting]);
  useEffect(() => {
    if (collecting && missing.length === 0) {
      setCollecting(false);
      actions.runProbe();
    }
  }, [collecting, missing.length, actions]);
  const items = questionItems(view, stage);
  const onSubmit = (value: string) => {
    if (value === RUN || value === UNKNOWN_RUNS_CHECK) {
      if (missing.length) setCollecting(true);
      else actions.runProbe();
    } else actions.answer(value, stage === 'result' && value === view.probe?.suggested);
  };
  return (
    <Box flexDirection="column">
      <Crumb view={view} />
      <Text bold wrap="wrap">
        {view.text}
      </Text>
      {help && view.help ? (
        <Box borderStyle="single" borderColor={theme.border} paddingX={1}>
          <Text wrap="wrap">{view.help}</Text>
        </Box>
      ) : null}
      {view.probe && stage === 'running' ? <ProbeRunning probe={view.probe} progress={progress} /> : null}
      {view.probe && stage === 'result' ? <ProbeResult probe={view.probe} /> : null}
      {collecting && missing[0] ? (
        <Box flexDirection="column" marginTop={1}>
          <Text color={theme.muted}>The check needs this first (Esc: back to the choices):</Text>
          <InputField input={missing[0]} isActive={active} submit={(v) => actions.input(missing[0]!.name, v)} onCancel={() => setCollecting(false)} />
        </Box>
      ) : stage !== 'running' ? (
        <Box marginTop={1}>
          <Select key={`${view.key}:${stage}:${view.preselected ?? ''}`} items={items} initial={initialItem(view, stage)} isActive={active} onSubmit={onSubmit} />
        </Box>
      ) : null}
    </Box>
  );
}

export function InputStep({ view, active, actions }: { view: View<'input'>; active: boolean; actions: StepActions }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Crumb view={view} />
      {/* Only a fix asks before it shows: the values its commands use. */}
      <Text color={theme.muted}>The fix needs this first, for its commands (asked once per session; Esc: back):</Text>
      <InputField key={view.input.name} input={view.input} isActive={active} submit={(v) => actions.input(view.input.name, v)} onCancel={actions.back} />
    </Box>
  );
}

/** The entries of the fix's list. */
export function fixItems(view: View<'fix'>, commands: number): SelectItem[] {
  return [
    ...(commands ? [{ value: 'copy', label: `Copy the command${commands > 1 ? 's' : ''}`, hint: `${commands}` }] : []),
    { value: 'fixed', label: 'Fixed it — end the session as resolved' },
    { value: 'not-fixed', label: view.unresolved ? 'Did not help — go on' : 'Did not help — escalate' },
    { value: 'export', label: 'Export the transcript' },
  ];
}

export function FixStep({ view, active, actions, commands }: { view: View<'fix'>; active: boolean; actions: StepActions; commands: number }) {
  const theme = useTheme();
  const items = fixItems(view, commands);
  const on: Record<string, () => void> = { copy: actions.copy, fixed: actions.fixed, 'not-fixed': actions.notFixed, export: actions.exportTranscript };
  return (
    <Box flexDirection="column">
      <Text color={theme.muted} wrap="truncate-end">
        {view.tree.title} › step {view.step} · the fix is above
      </Text>
      <Select key={view.key} items={items} isActive={active} onSubmit={(v) => on[v]?.()} />
    </Box>
  );
}

export function EscalateStep({ view, active, actions }: { view: View<'escalate'>; active: boolean; actions: StepActions }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Crumb view={view} />
      <Text wrap="wrap">
        <Text bold color={theme.warn}>
          Escalate to {view.to}:{' '}
        </Text>
        <Text bold>{view.title}</Text>
      </Text>
      <Text color={theme.muted} wrap="wrap">
        {view.attach.length ? 'Attach the items listed above' : 'Attach the transcript'}
        {view.evidence.length ? ` and the evidence of ${view.evidence.length === 1 ? 'the check' : `the ${view.evidence.length} checks`} run` : ''}; e exports the transcript.
      </Text>
      <Box marginTop={1}>
        <EndActions active={active} actions={actions} />
      </Box>
    </Box>
  );
}

const END_TITLE = { resolved: 'Resolved: the fix worked.', escalated: 'No fix helped: escalate with the evidence gathered.', abandoned: 'The session was abandoned.' } as const;

export function EndStep({ view, active, actions }: { view: View<'end'>; active: boolean; actions: StepActions }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold color={view.status === 'resolved' ? theme.ok : theme.warn} wrap="wrap">
        {view.loop ? `The walk came back to ${view.loopAt === 'fix' ? 'a fix already tried' : 'a question already answered'} ("${view.loop}"): escalate with the evidence gathered, or b to change the last answer.` : END_TITLE[view.status]}
      </Text>
      {view.status !== 'resolved' ? <Evidence outcomes={view.evidence} /> : null}
      <Box marginTop={1}>
        <EndActions active={active} actions={actions} />
      </Box>
    </Box>
  );
}

/** The entries at an escalation or the end. */
export const END_ITEMS: SelectItem[] = [
  { value: 'finish', label: 'Finish and exit' },
  { value: 'export', label: 'Export the transcript' },
];

function EndActions({ active, actions }: { active: boolean; actions: StepActions }) {
  return <Select items={END_ITEMS} isActive={active} onSubmit={(v) => (v === 'finish' ? actions.finish() : actions.exportTranscript())} />;
}
