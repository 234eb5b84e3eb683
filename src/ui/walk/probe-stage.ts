// Where a question with a probe stands, and what its select lists: first "Run check" or
// "Answer myself"; after a run, the answers with the mapped one pre-selected; after
// "Answer myself", the answers with the check still on offer. Pure.
import type { StepView } from '../../session/view.js';
import type { SelectItem } from '../select/index.js';

type QuestionView = Extract<StepView, { kind: 'question' }>;

export type ProbeStage = 'none' | 'offer' | 'running' | 'result' | 'skipped';

/** Select values that are actions, not answer keys (answer keys cannot start with "__"). */
export const RUN = '__run';
export const SKIP = '__skip';
/** "I don't know" while the check has not run: runs it. */
export const UNKNOWN_RUNS_CHECK = '__unknown-check';

export function probeStage(view: QuestionView): ProbeStage {
  const p = view.probe;
  if (!p) return 'none';
  if (p.running) return 'running';
  if (p.outcome) return 'result';
  return p.skipped ? 'skipped' : 'offer';
}

/** A check's description with inputs not given yet shown as ‹name›, not as {{name}}. */
export function describeCheck(describe: string): string {
  return describe.replace(/\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g, '‹$1›');
}

/** The items of the question's select for its stage. */
export function questionItems(view: QuestionView, stage: ProbeStage): SelectItem[] {
  const p = view.probe && { ...view.probe, describe: describeCheck(view.probe.describe) };
  if (stage === 'offer' && p) {
    return [
      { value: RUN, label: `Run check: ${p.describe}` },
      { value: SKIP, label: 'Answer myself' },
    ];
  }
  // "I don't know" before the check has run is the check: it would know.
  const answers: SelectItem[] = view.answers.map((a) =>
    a.runsCheck ? { value: UNKNOWN_RUNS_CHECK, label: `${a.label} (the check will tell)` } : { value: a.key, label: a.label, ...(p?.suggested === a.key ? { hint: 'the check says so' } : {}) },
  );
  if (stage === 'skipped' && p) {
    // The check is on offer: it is what "I don't know" would run, so it stands for it.
    const i = answers.findIndex((x) => x.value === UNKNOWN_RUNS_CHECK);
    if (i >= 0) answers.splice(i, 1);
    answers.push({ value: RUN, label: `Run check: ${p.describe}` });
  }
  if (stage === 'result' && p) answers.push({ value: RUN, label: 'Run the check again' });
  return answers;
}
