// Scripted walks: the answers-file language of `run --answers` and the walker that tree
// tests share with it. One line is one step, applied as it arrives (stdin can be slow).
import { UNKNOWN_KEY } from '../tree/types.js';
import type { Session } from './session.js';

/** One scripted step, with the line it came from for positioned errors. */
export type ScriptStep = { line: number } & (
  | { kind: 'input'; name: string; value: string }
  | { kind: 'answer'; key: string }
  | { kind: 'probe' }
  | { kind: 'skip' }
  | { kind: 'note'; text: string }
  | { kind: 'back' }
  | { kind: 'restart' }
  | { kind: 'fixed' }
  | { kind: 'did-not-help' }
);

/**
 * Parses one line of an answers file: `name=value` gives an input, `note: text` a note,
 * `back`, `restart`, `probe` (run this question's probe), `skip`, `fixed`, `did-not-help`
 * are actions, anything else is an answer key. Blank lines and `#` comments give nothing.
 */
export function parseScriptLine(text: string, line: number): ScriptStep | undefined {
  const t = text.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  const note = /^note:\s*(.*)$/i.exec(t);
  if (note) return { line, kind: 'note', text: note[1]! };
  const eq = /^([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*)$/.exec(t);
  if (eq) return { line, kind: 'input', name: eq[1]!, value: eq[2]! };
  switch (t) {
    case 'back':
    case 'restart':
    case 'probe':
    case 'skip':
    case 'fixed':
    case 'did-not-help':
      return { line, kind: t };
    default:
      return { line, kind: 'answer', key: t };
  }
}

/**
 * Applies one step. Throws SessionError (from the session) with the reason when the step
 * does not fit the current question.
 */
export async function applyStep(session: Session, step: ScriptStep): Promise<void> {
  switch (step.kind) {
    case 'input':
      session.input(step.name, step.value);
      return;
    case 'answer': {
      const v = session.view();
      if (v.kind === 'fix' && (step.key === 'yes' || step.key === 'resolved')) return session.fixed();
      if (v.kind === 'fix' && (step.key === 'no' || step.key === 'unresolved')) return session.notFixed();
      if (step.key === UNKNOWN_KEY) return dontKnow(session);
      session.answer(step.key);
      return;
    }
    case 'probe': {
      await session.runProbe();
      const v = session.view();
      if (v.kind === 'question' && v.probe?.suggested) session.answer(v.probe.suggested, true);
      return;
    }
    case 'skip':
      session.skipProbe();
      return;
    case 'note':
      session.note(step.text);
      return;
    case 'back':
      session.back();
      return;
    case 'restart':
      session.restart();
      return;
    case 'fixed':
      session.fixed();
      return;
    case 'did-not-help':
      session.notFixed();
      return;
  }
}

/**
 * "I don't know" in a scripted walk: where the question has a check that has not run, runs it
 * and takes the answer it maps to; when the check cannot tell, follows the `unknown:` route.
 */
export async function dontKnow(session: Session): Promise<void> {
  const before = session.view();
  await session.dontKnow();
  const after = session.view();
  if (after.kind !== 'question' || before.kind !== 'question' || after.key !== before.key) return;
  if (after.probe?.suggested) return session.answer(after.probe.suggested, true);
  session.answer(UNKNOWN_KEY);
}

/**
 * When the current question has a probe whose classification maps to an answer, runs it and
 * takes that answer. `should` decides whether to run it (stubbed in tests, `--run-probes`).
 * Returns true when it answered.
 */
export async function autoProbe(session: Session, should: (probeId: string, nodeKey: string) => boolean): Promise<boolean> {
  const v = session.view();
  if (v.kind !== 'question' || !v.probe || v.probe.missing.length || !should(v.probe.id, v.key)) return false;
  await session.runProbe();
  const after = session.view();
  if (after.kind === 'question' && after.key === v.key && after.probe?.suggested) {
    session.answer(after.probe.suggested, true);
    return true;
  }
  return false;
}
