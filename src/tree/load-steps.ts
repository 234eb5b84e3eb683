// A fix's `steps:` -> FixStep[]: plain steps, commands, the parts of a command to replace by
// hand (`replace:`) and alternatives (`either:`), every problem positioned.
import { isScalar, isSeq, type Node } from 'yaml';
import { RUN_KEYS, STEP_KEYS } from './keys.js';
import { tokenSpans } from './fix-steps.js';
import { SHELLS, type FixStep, type Replaceable, type Shell } from './types.js';
import type { Entry, YamlReader } from './yaml-reader.js';

const EXAMPLE_EITHER = 'for example: - either: [{text: Delete it, run: ...}, [{text: Keep it, run: ...}, Then ...]]';

/** The `steps:` list of a fix. */
export function readSteps(r: YamlReader, entry: Entry): FixStep[] {
  const items = r.items(entry.value, 'steps') ?? [];
  if (items.length === 0) r.report('BAD_VALUE', entry.value, 'a fix needs at least one step', 'add "- text: ..." entries');
  return items.flatMap((item) => readStep(r, item, true) ?? []);
}

/** One step; `either:` is allowed only at the top of a fix's steps. */
function readStep(r: YamlReader, item: Node, top: boolean): FixStep | undefined {
  const n = r.deref(item);
  if (n && isScalar(n)) {
    const text = r.str(item, 'a step');
    return text === undefined ? undefined : { text, pos: r.pos(item) };
  }
  const fields = r.entries(item, 'a step');
  if (!fields) return undefined;
  r.checkKeys(fields, STEP_KEYS, 'a step');
  const f = (k: string) => fields.find((x) => x.key === k);
  const textEntry = f('text');
  const eitherEntry = f('either');
  if (eitherEntry) return readEither(r, item, fields, eitherEntry, top);
  if (!textEntry) r.report('MISSING_KEY', item, 'the step has no "text"', 'add "text: ..." saying what the step does');
  const step: FixStep = { text: (textEntry && r.str(textEntry.value, 'text')) ?? '', pos: r.pos(item) };
  const runEntry = f('run');
  if (runEntry) {
    const run = r.entries(runEntry.value, 'run');
    if (run) {
      r.checkKeys(run, RUN_KEYS, 'run');
      const shellEntry = run.find((x) => x.key === 'shell');
      const codeEntry = run.find((x) => x.key === 'code');
      if (!shellEntry || !codeEntry) r.report('MISSING_KEY', runEntry.keyNode, `run needs "shell" and "code"`, `for example: run: {shell: powershell, code: "Get-ExchangeCertificate"}`);
      const shell = shellEntry ? r.str(shellEntry.value, 'shell') : undefined;
      const code = codeEntry ? r.str(codeEntry.value, 'code') : undefined;
      if (shell !== undefined && !(SHELLS as readonly string[]).includes(shell)) {
        r.report('BAD_VALUE', shellEntry!.value, `shell "${shell}" is not known`, `must be one of: ${SHELLS.join(', ')}`);
      } else if (shell !== undefined && code !== undefined) step.run = { shell: shell as Shell, code };
    }
  }
  const replaceEntry = f('replace');
  if (replaceEntry) {
    const replace = readReplace(r, replaceEntry, runEntry ? step.run?.code : undefined);
    if (replace.length) step.replace = replace;
  }
  return step;
}

/**
 * `replace: {TOKEN: what to put there}`: each token must stand in the step's command as a
 * whole (SITE is not found inside WEBSITE), or the list under the step would name text the
 * engineer cannot find.
 */
function readReplace(r: YamlReader, entry: Entry, code: string | undefined): Replaceable[] {
  const fields = r.entries(entry.value, 'replace');
  if (!fields) return [];
  if (code === undefined) {
    r.report('UNUSED_REPLACE', entry.keyNode, 'replace: names text to replace in a command, but this step has no command', 'add run: {shell: ..., code: ...} holding the text, or write the instruction into the step text');
    return [];
  }
  const out: Replaceable[] = [];
  for (const e of fields) {
    const means = r.str(e.value, `what to put in place of "${e.key}"`);
    if (!e.key.trim()) {
      r.report('BAD_VALUE', e.keyNode, 'a replace: key is empty', 'write the text of the command to replace, exactly as it stands there');
      continue;
    }
    if (e.key.includes('{{')) {
      r.report('BAD_VALUE', e.keyNode, `"${e.key}" holds a {{placeholder}}: the walk fills it in, so there is nothing left to replace`, 'name only the text the engineer types over (SITE, THUMBPRINT)');
      continue;
    }
    if (tokenSpans(code, e.key).length === 0) {
      const inside = code.includes(e.key);
      r.report('UNUSED_REPLACE', e.keyNode, `"${e.key}" does not occur in this step's command${inside ? ' as a whole word (only inside a longer one)' : ''}`, `write it in run.code exactly as the engineer is to replace it, or remove it from replace:`);
      continue;
    }
    if (means !== undefined) out.push({ token: e.key, means, pos: r.pos(e.keyNode) });
  }
  return out;
}

/** `either: [alternative, alternative, ...]`, each a step or a list of steps. */
function readEither(r: YamlReader, item: Node, fields: Entry[], entry: Entry, top: boolean): FixStep | undefined {
  if (!top) {
    r.report('BAD_VALUE', entry.keyNode, 'an alternative cannot hold another either:', 'write the inner choice out as alternatives of the outer either:');
    return undefined;
  }
  for (const other of fields) {
    if (other.key === 'run' || other.key === 'replace') r.report('BAD_VALUE', other.keyNode, `an either: step has no ${other.key} of its own: its alternatives hold the commands`, 'move it into the alternative it belongs to');
  }
  const textEntry = fields.find((x) => x.key === 'text');
  const alternatives: FixStep[][] = [];
  const list = r.items(entry.value, 'either');
  const items = list ?? [];
  for (const alt of items) {
    const n = r.deref(alt);
    if (n && isSeq(n)) {
      const steps = (n.items as Node[]).flatMap((s) => readStep(r, s, false) ?? []);
      if (n.items.length === 0) r.report('BAD_VALUE', alt, 'an alternative with no steps', 'write its steps, or remove it');
      else alternatives.push(steps);
    } else {
      const s = readStep(r, alt, false);
      if (s) alternatives.push([s]);
    }
  }
  if (list && items.length < 2) r.report('BAD_VALUE', entry.value ?? entry.keyNode, `either: needs at least two alternatives; it has ${items.length}`, `write the one way as ordinary steps; ${EXAMPLE_EITHER}`);
  return { text: (textEntry && r.str(textEntry.value, 'text')) ?? '', either: alternatives, pos: r.pos(item) };
}
