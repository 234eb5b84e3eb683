// A fix's commands as text to paste: the clipboard gets the bare commands, the file gets
// them with the step each belongs to and its shell, so it still reads on its own.
import type { StepView } from '../../session/view.js';

type FixView = Extract<StepView, { kind: 'fix' }>;

/** Shells whose "command" is something to click or set by hand, not to paste. */
const NOT_PASTED = new Set(['gui']);

export interface FixCommands {
  /** The commands only, one block after another. */
  clipboard: string;
  /** A small document: title, then each step with its shell and command. */
  file: string;
  count: number;
}

export function fixCommands(v: Pick<FixView, 'title' | 'key' | 'steps' | 'verify'>): FixCommands {
  const runs = v.steps.flatMap((s, i) => (s.run && !NOT_PASTED.has(s.run.shell) ? [{ n: i + 1, text: s.text, ...s.run }] : []));
  const clipboard = runs.map((r) => r.code.trimEnd()).join('\n\n') + (runs.length ? '\n' : '');
  const lines = [`# ${v.title} (${v.key.replace('/', '#')})`, ''];
  for (const r of runs) lines.push(`# Step ${r.n}: ${r.text} [${r.shell}]`, r.code.trimEnd(), '');
  lines.push(`# Verify: ${v.verify}`, '');
  return { clipboard, file: lines.join('\n'), count: runs.length };
}

/** The OSC 52 escape that asks the terminal to put `text` on the system clipboard. */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
