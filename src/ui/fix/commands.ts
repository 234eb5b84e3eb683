// A fix's commands as text to paste: the clipboard gets the bare commands, the file gets
// them with the step each belongs to and its shell, so it still reads on its own.
//
// Alternatives (an `either:` step) must not run as one script: their commands are written
// commented out, each under an "Either (A)" / "Or (B)" heading, after a line that says to
// choose one and uncomment it. What a command holds to replace by hand is listed under it.
import type { StepView } from '../../session/view.js';
import { anyOf, choiceNote, layoutSteps, replaceLine, type ShownStep } from '../../tree/fix-steps.js';

type FixView = Extract<StepView, { kind: 'fix' }>;

/** Shells whose "command" is something to click or set by hand, not to paste. */
const NOT_PASTED = new Set(['gui']);

export interface FixCommands {
  /** The commands only, one block after another (alternatives commented out). */
  clipboard: string;
  /** A small document: title, then each step with its shell and command. */
  file: string;
  /** Commands written, alternatives included. */
  count: number;
}

const pasted = (s: ShownStep) => (s.run && !NOT_PASTED.has(s.run.shell) ? s.run : undefined);
const commented = (code: string) => code.split('\n').map((l) => `# ${l}`.trimEnd());

export function fixCommands(v: Pick<FixView, 'title' | 'key' | 'steps' | 'verify'>): FixCommands {
  const file = [`# ${v.title} (${v.key.replace('/', '#')})`, ''];
  const clip: string[][] = [];
  let count = 0;
  // Like a step without a command, a choice none of whose alternatives has a command to paste
  // stays out of the file (the fix card has its text).
  const silent = new Set(v.steps.flatMap((s, i) => (s.either && !s.either.flat().some(pasted) ? [i + 1] : [])));
  for (const line of layoutSteps(v.steps)) {
    if (line.kind !== 'step' && silent.has(line.number)) continue;
    if (line.kind === 'choice') {
      const head = [`# Step ${line.number}: ${line.text} ${choiceNote(line.letters)}.`, '# The alternatives are commented out so that they cannot run as one script:', '# remove the "# " before the commands of the ONE you choose.'];
      file.push(...head);
      clip.push([`# Choose ONE (${anyOf(line.letters)}) and remove the "# " before its commands:`]);
      continue;
    }
    const run = pasted(line.step);
    if (line.kind === 'step' && !run) continue;
    const replace = (line.step.replace ?? []).map((r) => `# ${replaceLine(r)}`);
    const shell = run ? ` [${run.shell}]` : '';
    if (line.kind === 'step') {
      count++;
      file.push(`# Step ${line.number}: ${line.step.text}${shell}`, ...replace, run!.code.trimEnd(), '');
      clip.push([run!.code.trimEnd()]);
      continue;
    }
    // One alternative's step: its heading always (so the choice reads whole), its command commented.
    file.push(`# --- ${line.label}: ${line.step.text}${shell}`, ...replace);
    if (run) {
      count++;
      file.push(...commented(run.code.trimEnd()));
      clip.at(-1)!.push(`# --- ${line.label}`, ...commented(run.code.trimEnd()));
    }
    if (v.steps[line.number - 1]?.either?.at(-1)?.at(-1) === line.step) file.push(`# --- end of step ${line.number}`, '');
  }
  file.push(`# Verify: ${v.verify}`, '');
  const clipboard = clip.map((block) => block.join('\n')).join('\n\n') + (clip.length ? '\n' : '');
  return { clipboard, file: file.join('\n'), count };
}

/** The OSC 52 escape that asks the terminal to put `text` on the system clipboard. */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
