// Replay: re-walks a transcript's recorded answers on today's trees, without running probes,
// and says whether the walk still ends at the same node. A regression check for tree authors.
import { Session } from '../session/session.js';
import type { Transcript, TranscriptDeps } from './transcript.js';
import { ref } from './format.js';

export interface ReplayResult {
  /** True when the replayed walk ends (or stands) at the node the transcript recorded. */
  same: boolean;
  recorded: { node?: string; status: string };
  replayed: { node?: string; kind: string; status: string };
  /** Steps taken at a different node than recorded, or that could not be taken, in order. */
  differences: string[];
  /** Trees whose content changed since the transcript was made. */
  changedTrees: string[];
}

const NOT_RUN = async () => ({ classification: 'error', summary: 'probes are not run on replay', evidence: {}, durationMs: 0 });
/** Stands in for a secret the transcript never held: probes are not run on replay. */
const SECRET_STAND_IN = 'replay-secret';

export function replayTranscript(t: Transcript, deps: TranscriptDeps): ReplayResult {
  const changedTrees = t.trees.filter((x) => {
    const now = deps.compiled.set.trees.get(x.id);
    return !now || now.hash !== x.hash;
  }).map((x) => x.id);
  const recorded = { node: t.outcome.node, status: t.outcome.status };
  const differences: string[] = [];
  let session: Session;
  try {
    session = Session.start({ ...deps, runner: NOT_RUN, now: () => Date.parse(t.session.startedAt) || 0, newId: () => `replay-${t.session.id}` }, { tree: t.start.tree, node: t.start.node });
  } catch (err) {
    differences.push(`the walk cannot start: ${(err as Error).message}`);
    return { same: false, recorded, replayed: { kind: 'none', status: 'open' }, differences, changedTrees };
  }
  const values = new Map(t.inputs.map((i) => [i.name, i.secret ? SECRET_STAND_IN : (i.value ?? '')]));
  const giveInputs = (final = false): boolean => {
    for (let guard = 0; guard < 50; guard++) {
      const v = session.view();
      if (v.kind !== 'input') return true;
      const value = values.get(v.input.name);
      if (value === undefined) {
        // After the last step, a missing input is where the recorded walk stopped too.
        if (!final) differences.push(`"${ref(v.key)}" now asks for the input "${v.input.name}", which the transcript does not have`);
        return false;
      }
      try {
        session.input(v.input.name, value);
      } catch (err) {
        differences.push(`the input "${v.input.name}" no longer fits: ${(err as Error).message}`);
        return false;
      }
    }
    return false;
  };

  steps: for (const [i, step] of t.steps.entries()) {
    if (!giveInputs()) break;
    const v = session.view();
    const here = v.kind === 'end' ? undefined : v.key;
    if (here !== step.node) differences.push(`step ${i + 1}: recorded at ${ref(step.node)}, now at ${here ? ref(here) : `the end (${session.status})`}`);
    try {
      if (step.kind === 'question') session.answer(step.answer, step.byProbe);
      else if (step.result === 'resolved') session.fixed();
      else session.notFixed();
    } catch (err) {
      differences.push(`step ${i + 1} cannot be taken: ${(err as Error).message}`);
      break steps;
    }
  }
  giveInputs(true);
  const v = session.view();
  const replayed = { node: v.key, kind: v.kind, status: session.status };
  const same = replayed.node === recorded.node && (recorded.status === 'abandoned' || replayed.status === recorded.status || recorded.status === 'open');
  return { same, recorded, replayed, differences, changedTrees };
}
