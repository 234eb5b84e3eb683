// Plain-text rendering of a scripted walk: one line per step, then the end in full.
import type { PathStep, Session } from '../../session/session.js';
import type { StepView } from '../../session/view.js';
import { safeText } from '../../util/safe-text.js';
import { choiceNote, layoutSteps, replaceLine, type ShownStep } from '../../tree/fix-steps.js';

export function walkSummary(session: Session): Array<PathStep & { node: string }> {
  return session.path().map((s) => ({ ...s, node: s.node.replace('/', '#') }));
}

export function renderPathLine(step: PathStep): string {
  const evidence = step.probe ? ` [${step.probe.probe}: ${step.probe.classification} — ${safeText(step.probe.summary)}]` : '';
  const by = step.byProbe ? ' (from the probe)' : '';
  return step.kind === 'fix' ? `  ${step.node}  ${step.text} -> ${step.label}` : `  ${step.node}  ${step.text} -> ${step.label}${by}${evidence}`;
}

/** The end of a walk, in full: the fix with its commands, or the escalation. */
export function renderEnd(v: StepView, session: Session): string {
  const lines: string[] = [];
  switch (v.kind) {
    case 'fix':
      lines.push('', `FIX ${v.key.replace('/', '#')}: ${v.title}`);
      if (v.cause) lines.push(`  What is wrong: ${v.cause}`);
      lines.push(`  Why: ${v.why}`, '  Steps:');
      lines.push(...stepLines(v.steps));
      lines.push(`  Verify: ${v.verify}`);
      if (v.sources.length) lines.push('  Sources:', ...v.sources.map((s) => `    - ${s}`));
      if (v.unresolved) lines.push(`  If this did not help: ${v.unresolved}`);
      break;
    case 'escalate':
      lines.push('', `ESCALATE ${v.key.replace('/', '#')}: ${v.title}`, `  To: ${v.to}`);
      if (v.why) lines.push(`  Why: ${v.why}`);
      if (v.attach.length) lines.push('  Attach:', ...v.attach.map((a) => `   - ${a}`));
      for (const e of v.evidence) lines.push(`  Evidence: ${e.probe} ${e.classification} — ${safeText(e.summary)}`);
      break;
    case 'end':
      lines.push('', `END: ${v.status}${v.key ? ` at ${v.key.replace('/', '#')}` : ''}`);
      break;
    case 'question':
      lines.push('', `STOPPED: the answers ran out at ${v.key.replace('/', '#')}: ${v.text}`, `  answers: ${v.answers.map((a) => `${a.key} (${a.label})`).join(', ')}`);
      break;
    case 'input':
      lines.push('', `STOPPED: input "${v.input.name}" is needed: ${v.input.ask}${v.input.example ? ` (for example ${v.input.example})` : ''}`, `  give it as a line: ${v.input.name}=VALUE`);
      break;
  }
  lines.push(`Session ${session.id}: ${session.status}`);
  return lines.join('\n');
}

/**
 * A fix's steps as plain lines: number, text, each command line tagged with its shell, what to
 * replace in it; an `either:` step lists its alternatives as "Either (A)" / "Or (B)".
 */
function stepLines(steps: ShownStep[]): string[] {
  const lines: string[] = [];
  for (const line of layoutSteps(steps)) {
    if (line.kind === 'choice') {
      lines.push(`   ${line.number}. ${line.text} ${choiceNote(line.letters)}`);
      continue;
    }
    const indent = line.kind === 'option' ? '        ' : '      ';
    lines.push(line.kind === 'option' ? `      ${line.label} ${line.step.text}` : `   ${line.number}. ${line.step.text}`);
    const run = line.step.run;
    if (run) for (const l of run.code.split('\n')) lines.push(`${indent}[${run.shell}] ${l}`);
    for (const r of line.step.replace ?? []) lines.push(`${indent}${replaceLine(r)}`);
  }
  return lines;
}
