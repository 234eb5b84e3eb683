// The transcript as Markdown, for pasting into the ticket: the facts first, then the walk,
// the evidence, the fix with its commands, and the outcome.
import { SECRET_MASK } from './redact.js';
import { factRows, fixResult, outcomeLine, ref, SHELL_LABELS, takenBackLine, when } from './format.js';
import { safeText } from '../util/safe-text.js';
import { codeSpan, codeText, fence, md, mdAuthor as au } from './md-text.js';
import type { Transcript, TranscriptFix } from './transcript.js';
import { choiceNote, layoutSteps, replaceLine, type ShownStep } from '../tree/fix-steps.js';

/** A node key or input name as inline code (from a journal: it may hold anything). */
const code = (s: string) => codeSpan(safeText(s));

/** Escapes untrusted text for a Markdown table cell. */
const cell = (s: string) => md(s);

export function toMarkdown(t: Transcript): string {
  const s = t.session;
  const out: string[] = [];
  out.push(`# Exchange ActiveSync troubleshooting: ${s.ticket ? `ticket ${md(s.ticket)}` : `session ${md(s.id)}`}`, '');
  out.push('| | |', '|---|---|');
  const row = (k: string, v: string) => out.push(`| ${k} | ${cell(v)} |`);
  for (const [label, value] of factRows(t)) row(label, value);
  out.push('');

  if (t.inputs.length) {
    out.push('## Inputs', '', '| Input | Value |', '|---|---|');
    for (const i of t.inputs) out.push(`| ${cell(i.ask)} (${code(i.name).replace(/\|/g, '\\|')}) | ${i.secret ? `${SECRET_MASK} not recorded` : cell(i.value ?? '')} |`);
    out.push('');
  }

  out.push('## Questions and answers', '');
  const questions = t.steps.filter((x) => x.kind === 'question');
  if (!questions.length) out.push('No question was answered.');
  let n = 0;
  for (const step of t.steps) {
    if (step.kind !== 'question') {
      out.push(`${++n}. Fix tried: **${au(step.title)}** (${code(ref(step.node))}): ${step.result === 'resolved' ? 'it worked' : 'it did not help'}`);
      continue;
    }
    const ev = step.evidence !== undefined ? t.evidence[step.evidence] : undefined;
    const source = step.byProbe ? ` *(from probe evidence: ${ev ? `${md(ev.probe)} ${md(ev.classification)}` : 'probe'})*` : ev ? ' *(answered by hand; probe evidence below)*' : '';
    const answer = step.didNotKnow ? '*did not know*' : au(step.label);
    out.push(`${++n}. **${au(step.question)}** (${code(ref(step.node))})  `, `   Answer: ${answer}${source}`);
  }
  if (t.retracted.length) {
    out.push('', 'Answers taken back:', '');
    for (const r of t.retracted) out.push(`- ${r.question !== undefined ? `**${au(r.question)}** (${code(ref(r.node))})` : `${code(ref(r.node))}`}: ${au(r.label)} (given ${when(r.at)}, ${r.by === 'back' ? 'taken back' : 'dropped by a restart'} ${when(r.undoneAt)})`);
  }
  out.push('');

  if (t.evidence.length) {
    out.push('## Probe evidence', '');
    for (const e of t.evidence) {
      out.push(`- **${md(e.title)}** at ${code(ref(e.node))}, ${when(e.at)}: **${md(e.classification)}**${e.verdict ? ` (${e.verdict})` : ''}, ${e.durationMs} ms  `, `  ${md(e.summary)}`);
      const params = Object.entries(e.params).filter(([, v]) => v !== null && v !== '');
      if (params.length) out.push(`  - Parameters: ${params.map(([k, v]) => md(`${k}=${String(v)}`)).join(', ')}`);
    }
    out.push('');
  }

  if (t.notes.length) {
    out.push('## Notes', '');
    for (const note of t.notes) out.push(`- ${when(note.at)}${note.node ? ` at ${code(ref(note.node))}` : ''}: ${md(note.text)}`);
    out.push('');
  }

  for (const fix of t.fixes) out.push(...fixSection(fix), '');

  if (t.escalation) {
    const e = t.escalation;
    out.push(`## Escalation: ${au(e.title)}`, '', `- To: ${au(e.to)}`);
    if (e.why) out.push(`- Why: ${au(e.why)}`);
    if (e.attach.length) out.push('- Attach:', ...e.attach.map((a) => `  - ${au(a)}`));
    out.push('');
  }

  const back = t.timeline.filter((x) => x.kind === 'back' || x.kind === 'restart').length;
  out.push('## Outcome', '', au(outcomeLine(t)) + '.');
  if (back) out.push('', `The walk went back or restarted ${back} time(s); the timeline below has every step.`);
  out.push('', '<details><summary>Timeline</summary>', '');
  for (const x of t.timeline) out.push(`- ${when(x.at)} ${x.kind}${x.node ? ` ${code(ref(x.node))}` : ''}: ${md(x.text)}`);
  out.push('', '</details>', '');
  return out.join('\n');
}

function fixSection(fix: TranscriptFix): string[] {
  const out = fix.takenBack ? [`## Fix shown, then taken back: ${au(fix.title)}`, '', `*${takenBackLine(fix.takenBack)}*`, ''] : [`## Fix: ${au(fix.title)}`, ''];
  if (fix.cause) out.push(`**What is wrong:** ${au(fix.cause)}`, '');
  out.push(`**Why:** ${au(fix.why)}`, '', '**Steps:**', '');
  for (const line of layoutSteps(fix.steps)) {
    if (line.kind === 'choice') {
      out.push(`${line.number}. ${au(line.text)} **${choiceNote(line.letters)}**`, '');
      continue;
    }
    const option = line.kind === 'option';
    out.push(option ? `   - ${line.first ? `**${line.label}**` : `*${line.label}*`} ${au(line.step.text)}` : `${line.number}. ${au(line.step.text)}`);
    out.push(...stepBody(line.step, option ? '     ' : '   '));
  }
  if (out[out.length - 1] !== '') out.push('');
  out.push(`**Verify:** ${au(fix.verify)}`);
  if (fix.sources.length) out.push('', '**Sources:**', '', ...fix.sources.map((s) => `- ${au(s)}`));
  out.push('', `**Result:** ${fixResult(fix)}`);
  return out;
}

/** A step's command in a fence labelled by its shell, then what to replace in it. */
function stepBody(step: ShownStep, indent: string): string[] {
  const out: string[] = [];
  if (step.run) {
    const { label, lang } = SHELL_LABELS[step.run.shell];
    out.push('', `${indent}${label}:`, '', ...fence(codeText(step.run.code), lang).split('\n').map((l) => `${indent}${l}`), '');
  }
  if (step.replace?.length) {
    if (!step.run) out.push('');
    for (const r of step.replace) out.push(`${indent}- ${replaceLine({ token: codeSpan(safeText(r.token)), means: au(r.means) })}`);
    out.push('');
  }
  return out;
}
