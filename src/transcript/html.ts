// The transcript as one self-contained, printable HTML file: inline CSS, the path as inline
// SVG, no scripts and no external resources, so it opens the same offline and in a year.
import { SECRET_MASK } from './redact.js';
import { esc, pathDiagram } from './diagram.js';
import { markValue, segments } from './marks.js';
import { factRows, fixResult, outcomeLine, ref, SHELL_LABELS, takenBackLine, when } from './format.js';
import type { Transcript, TranscriptFix } from './transcript.js';
import { CHOICE_TEXT, choiceNote, letter, replaceLine, splitTokens, type ShownStep } from '../tree/fix-steps.js';

const CSS = `
:root { --fg: #1d232a; --muted: #5c6670; --line: #d5dbe1; --q: #e8f0fb; --fix: #e6f4ea; --esc: #fdf0e1; --stop: #f1f3f5; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; } h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid var(--line); }
th { width: 12rem; color: var(--muted); font-weight: 600; }
code, pre { font: 12.5px/1.45 ui-monospace, "Cascadia Mono", Consolas, monospace; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 4px; padding: .6rem .8rem; white-space: pre-wrap; word-break: break-word; }
.label { color: var(--muted); font-size: .85em; margin: .4rem 0 .1rem; }
.muted { color: var(--muted); } .badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .85em; background: var(--stop); }
.badge.pass { background: var(--fix); } .badge.fail { background: #fbe4e4; } .badge.warn { background: var(--esc); }
.status-resolved .outcome, .outcome.resolved { color: #1e7b34; } .outcome.escalated { color: #a45a00; }
svg.path { max-width: 100%; height: auto; } svg .box rect { fill: var(--q); stroke: #7a96c2; }
svg .fix rect { fill: var(--fix); stroke: #5b9a6b; } svg .escalate rect { fill: var(--esc); stroke: #c98a3a; } svg .stop rect, svg .end rect { fill: var(--stop); stroke: #98a2ad; }
svg text { font: 13px system-ui, sans-serif; fill: var(--fg); } svg .ref, svg .tag, svg .retracted { font-size: 11px; fill: var(--muted); } svg .retracted { font-style: italic; } svg .answer { font-size: 12px; font-weight: 600; }
svg .probe { fill: #1f6feb; font-weight: 400; } svg .edge { stroke: #6b7682; stroke-width: 1.5; } svg marker path { fill: #6b7682; }
mark.replace { background: #fff3bf; padding: 0 .1rem; } ul.either { list-style: none; padding-left: 1rem; } details { margin: .3rem 0; } ol li { margin: .3rem 0; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; } pre, svg, tr { break-inside: avoid; } details { display: block; } summary { list-style: none; font-weight: 600; } }
`;

export function toHtml(t: Transcript): string {
  const s = t.session;
  const title = s.ticket ? `Ticket ${s.ticket}` : `Session ${s.id}`;
  const out: string[] = [];
  out.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', `<title>${esc(`${title}: Exchange ActiveSync troubleshooting`)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  out.push(`<h1>Exchange ActiveSync troubleshooting: ${esc(title)}</h1>`, '<table class="facts">');
  const row = (k: string, v: string, cls = '') => out.push(`<tr><th>${esc(k)}</th><td${cls ? ` class="${cls}"` : ''}>${esc(v)}</td></tr>`);
  for (const [label, value] of factRows(t)) row(label, value, label === 'Outcome' ? `outcome ${s.status}` : '');
  out.push('</table>');

  out.push('<h2>Path</h2>', pathDiagram(t));

  if (t.inputs.length) {
    out.push('<h2>Inputs</h2>', '<table>');
    for (const i of t.inputs) out.push(`<tr><th>${esc(i.ask)} <code>${esc(i.name)}</code></th><td>${i.secret ? `<span class="muted">${esc(SECRET_MASK)} not recorded</span>` : esc(i.value ?? '')}</td></tr>`);
    out.push('</table>');
  }

  out.push('<h2>Questions and answers</h2>');
  if (!t.steps.length) out.push('<p class="muted">No question was answered.</p>');
  else {
    out.push('<ol>');
    for (const step of t.steps) {
      if (step.kind === 'fix') {
        out.push(`<li>Fix tried: <strong>${esc(step.title)}</strong> <code>${esc(ref(step.node))}</code>: ${step.result === 'resolved' ? 'it worked' : 'it did not help'}</li>`);
        continue;
      }
      const ev = step.evidence !== undefined ? t.evidence[step.evidence] : undefined;
      const source = step.byProbe ? ` <span class="badge">from probe evidence${ev ? `: ${esc(ev.probe)} ${esc(ev.classification)}` : ''}</span>` : ev ? ' <span class="badge">answered by hand</span>' : '';
      out.push(`<li><strong>${esc(step.question)}</strong> <code>${esc(ref(step.node))}</code><br>Answer: ${step.didNotKnow ? '<em>did not know</em>' : esc(step.label)}${source}</li>`);
    }
    out.push('</ol>');
  }
  if (t.retracted.length) {
    out.push('<p class="label">Answers taken back</p>', '<ul>');
    for (const r of t.retracted) out.push(`<li>${r.question !== undefined ? `<strong>${esc(r.question)}</strong> ` : ''}<code>${esc(ref(r.node))}</code>: ${esc(r.label)} <span class="muted">(given ${esc(when(r.at))}, ${r.by === 'back' ? 'taken back' : 'dropped by a restart'} ${esc(when(r.undoneAt))})</span></li>`);
    out.push('</ul>');
  }

  if (t.evidence.length) {
    out.push('<h2>Probe evidence</h2>');
    for (const e of t.evidence) {
      out.push(
        `<p><strong>${esc(e.title)}</strong> at <code>${esc(ref(e.node))}</code>, ${esc(when(e.at))}: <span class="badge ${e.verdict ?? ''}">${esc(e.classification)}</span> ${e.durationMs} ms<br>${esc(e.summary)}</p>`,
        `<details><summary>Parameters and evidence</summary><pre>${esc(JSON.stringify({ params: e.params, evidence: e.evidence }, null, 2))}</pre></details>`,
      );
    }
  }

  if (t.notes.length) {
    out.push('<h2>Notes</h2>', '<ul>');
    for (const n of t.notes) out.push(`<li>${esc(when(n.at))}${n.node ? ` at <code>${esc(ref(n.node))}</code>` : ''}: ${esc(n.text)}</li>`);
    out.push('</ul>');
  }

  for (const fix of t.fixes) out.push(...fixSection(fix));

  if (t.escalation) {
    const e = t.escalation;
    out.push(`<h2>Escalation: ${esc(e.title)}</h2>`, '<table>');
    row('To', e.to);
    if (e.why) row('Why', e.why);
    out.push('</table>');
    if (e.attach.length) out.push('<p class="label">Attach</p>', '<ul>', ...e.attach.map((a) => `<li>${esc(a)}</li>`), '</ul>');
  }

  out.push('<h2>Outcome</h2>', `<p class="outcome ${s.status}"><strong>${esc(outcomeLine(t))}</strong></p>`);
  out.push('<details open><summary>Timeline</summary><ul>');
  for (const x of t.timeline) out.push(`<li>${esc(when(x.at))} <strong>${esc(x.kind)}</strong>${x.node ? ` <code>${esc(ref(x.node))}</code>` : ''}: ${esc(x.text)}</li>`);
  out.push('</ul></details>', '</body>', '</html>', '');
  return out.join('\n');
}

function fixSection(fix: TranscriptFix): string[] {
  const out = fix.takenBack ? [`<h2>Fix shown, then taken back: ${esc(fix.title)}</h2>`, `<p class="muted"><em>${esc(takenBackLine(fix.takenBack))}</em></p>`] : [`<h2>Fix: ${esc(fix.title)}</h2>`];
  if (fix.cause) out.push(`<p><strong>What is wrong:</strong> ${esc(fix.cause)}</p>`);
  out.push(`<p><strong>Why:</strong> ${esc(fix.why)}</p>`, '<ol>');
  for (const step of fix.steps) {
    if (!step.either) {
      out.push(`<li>${esc(step.text)}`, ...stepBody(step), '</li>');
      continue;
    }
    const letters = step.either.map((_, k) => letter(k));
    out.push(`<li>${esc(step.text || CHOICE_TEXT)} <strong>${esc(choiceNote(letters))}</strong>`, '<ul class="either">');
    step.either.forEach((alt, k) => {
      const letter = letters[k]!;
      out.push(`<li><strong>${k === 0 ? 'Either' : 'Or'} (${letter})</strong>`, '<ol class="alternative">');
      for (const s of alt) out.push(`<li>${esc(s.text)}`, ...stepBody(s), '</li>');
      out.push('</ol></li>');
    });
    out.push('</ul></li>');
  }
  out.push('</ol>', `<p><strong>Verify:</strong> ${esc(fix.verify)}</p>`);
  if (fix.sources.length) out.push('<p class="muted">Sources:</p>', `<ul class="muted">${fix.sources.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`);
  out.push(`<p><strong>Result:</strong> ${esc(fixResult(fix))}</p>`);
  return out;
}

/** A step's command, its parts to replace marked, then the list of what to put there. */
function stepBody(step: ShownStep): string[] {
  const out: string[] = [];
  const tokens = (step.replace ?? []).map((r) => r.token);
  if (step.run) {
    // Tokens are the author's text: a typed value that happens to read SITE is not marked.
    const mark = (text: string) => splitTokens(text, tokens).map((p) => (p.token ? `<mark class="replace">${esc(p.text)}</mark>` : esc(p.text))).join('');
    const code = segments(step.run.code).map((seg) => (seg.value ? esc(markValue(seg.text)) : mark(seg.text))).join('');
    out.push(`<p class="label">${esc(SHELL_LABELS[step.run.shell].label)}</p><pre><code class="language-${SHELL_LABELS[step.run.shell].lang}">${code}</code></pre>`);
  }
  if (step.replace?.length) out.push(`<ul class="replace">${step.replace.map((r) => `<li>${esc(replaceLine(r))}</li>`).join('')}</ul>`);
  return out;
}
