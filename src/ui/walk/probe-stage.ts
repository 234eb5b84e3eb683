// Where a question with a probe stands, and what its one list holds: the check first (and
// selected, until it has run), then the answers, then "I don't know"; after a run, the
// answers with the mapped one pre-selected and the check on offer again. Pure.
import type { StepView } from '../../session/view.js';
import type { SelectItem } from '../select/index.js';

type QuestionView = Extract<StepView, { kind: 'question' }>;

export type ProbeStage = 'none' | 'offer' | 'running' | 'result';

/** Select values that are actions, not answer keys (answer keys cannot start with "__"). */
export const RUN = '__run';
/** "I don't know" while the check has not run: runs it. */
export const UNKNOWN_RUNS_CHECK = '__unknown-check';

export function probeStage(view: QuestionView): ProbeStage {
  const p = view.probe;
  if (!p) return 'none';
  if (p.running) return 'running';
  return p.outcome ? 'result' : 'offer';
}

/** The items of the question's one list for its stage. */
export function questionItems(view: QuestionView, stage: ProbeStage): SelectItem[] {
  // The session reads a parameter not given yet as what it is, "(asked next)".
  const p = view.probe;
  const items: SelectItem[] = [];
  // The check first: it is what "I don't know" would run, so while it is listed it stands for that.
  if (stage === 'offer' && p) items.push({ value: RUN, label: `Run check: ${p.describe}` });
  for (const a of view.answers) {
    if (a.runsCheck) {
      if (!p || stage !== 'offer') items.push({ value: UNKNOWN_RUNS_CHECK, label: `${a.label} (the check will tell)` });
      continue;
    }
    items.push({ value: a.key, label: a.label, ...(p?.suggested === a.key ? { hint: 'the check says so' } : {}) });
  }
  if (stage === 'result' && p) items.push({ value: RUN, label: 'Run the check again' });
  return items;
}

/** The item selected first: the check until it has run, else the suggested or previous answer. */
export function initialItem(view: QuestionView, stage: ProbeStage): string | undefined {
  if (view.preselected) return view.preselected;
  return stage === 'offer' ? RUN : undefined;
}
