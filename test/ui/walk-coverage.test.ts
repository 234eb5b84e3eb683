// Issue #17, sections 3 ("fewer keys, clearer screens") and 4 ("fixes as the engineer reads
// them"): which test shows each item the way a user meets it. "pty" is the built CLI in a real
// terminal (tmux, test/ui/e2e.test.ts); "ink" renders a screen with ink-testing-library;
// "headless" drives a session, the store or the CLI without a terminal.
//
// | Item | Test |
// |---|---|
// | 3 One list at a question with a check: "Run check" first and selected, no gate | pty e2e "a probe runs against a loopback server..."; ink walk "one list: the check first and selected..." |
// | 3 Every entry has a key past 9 (letters), the footer says which | pty e2e "a list longer than nine..." (presses `c`, footer `1-9 a-d`); ink walk footers `1-2`, `1-3` |
// | 3 The key that picked "Run check" does not leak into the next field | pty e2e "the key that picks "Run check" does not leak..." |
// | 3 `?` in an empty field shows the input's help | ink walk "a check that needs inputs its question does not"; ink text-input ""?" in an empty field asks for help" |
// | 3 Inputs asked when the step needs them, never unused; the echo shows the prompt asked; one prompt per shared input | pty e2e "a probe runs against a loopback server..." (nothing asked until the check runs); ink walk "inputs"; headless session/asking (i17-inputs) |
// | 3 Placeholders filled; one with no value yet reads as what it is ("(asked next)" in a check) | pty e2e "a probe runs against a loopback server..." (question and check before any value); ink walk "a check that needs inputs its question does not", "inputs"; headless session/asking "an input not given yet, as text" |
// | 3 No repeated question: the walk ends escalated and says which question it came back to | ink loop "the loop end names the question..."; ink fix-loop (a fix tried again); headless session/unknown "loop"; the validator's cross-tree circles: tree/cycles "ROUTE_CYCLE" (i17-cycles) and --strict on the pack (trees/pack) |
// | 3 After `b` or a restart the undone steps read as taken back, and a fix above no longer stands | pty e2e "triage to the expired-certificate fix, using back and restart..." (both); log "a fix card prints once...", "notes, restarts..." |
// | 3 Answer labels say what the engineer sees, not the cause | below: "no answer label names a cause in its remark" (guards the review of the pack, which was by eye) |
// | 4 A long command wraps between words, outside quotes, with the shell's continuation mark | pty e2e "a list longer than nine...; a long command on a narrow terminal" (72 columns; the lines join back into the command); wrap-command (marks per shell; a PowerShell list breaks after a comma) |
// | 4 No stray leading space in wrapped text | pty fix-e2e "NO_COLOR at 60 columns: ... without a stray space"; ink text-wrap (i17-fixcard) |
// | 4 Placeholders that are not inputs shown as something to replace, listed under the step | pty fix-e2e "the alternatives read Either (A) / Or (B); SITE is coloured and listed..."; ink fix-card (i17-fixcard) |
// | 4 "Either / or" steps marked as alternatives; the copied-commands file keeps them apart | pty fix-e2e (same test); ink fix-card "the steps: alternatives labelled Either (A) / Or (B)..."; headless copy-alternatives (i17-fixcard) |
// | 4 Sources with title, publisher, year, URL; field documents by title; `list --sources` | pty e2e "seed 001..." (the fix card's Sources line); trees/pack "every source a shipped fix cites...", "list --sources..."; tree/validate sources registry |
// | 4 The transcript keeps a fix taken back and lists taken-back answers by question | headless transcript/export "a fix that was shown and then taken back stays in every export..." |
// | 4 `sessions` and the start screen read "fix proposed" with the fix's title | pty e2e "Ctrl-C mid-walk keeps the session..." (the start screen after leaving at a fix); headless transcript/fix-proposed; ink start "resume list" |
// | 4 Scripted runs are not offered for resume | headless cli/commands "a scripted walk leaves no session behind unless --journal asks for one" (the start screen lists the same store) |
import path from 'node:path';
import { expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * What a remark in parentheses says when it names the cause behind what is seen ("(intermediate
 * certificate missing)", "(FBA is on)", "(the server works)"): the engineer who sees the
 * symptom but not the cause then thinks the answer is not theirs.
 */
const CAUSE_WORDS = /\b(missing|offered|is (on|off)|was (accepted|moved|offered|sent)|works|misconfigured|not (set|sent|installed|configured|trusted))\b/i;

test('no answer label of the shipped pack names a cause in its remark', async () => {
  const r = await loadTreeSet(nodeTreeFs, [[path.join(root, 'trees')]], probeCatalog);
  const found: string[] = [];
  let labels = 0;
  for (const t of r.set.trees.values()) {
    for (const n of Object.values(t.nodes)) {
      if (n.kind !== 'question') continue;
      for (const a of n.answers) {
        labels++;
        for (const [, remark] of a.label.matchAll(/\(([^)]*)\)/g)) if (CAUSE_WORDS.test(remark!)) found.push(`${t.id}#${n.id} ${a.key}: "${a.label}"`);
      }
    }
  }
  expect(labels).toBeGreaterThan(100);
  expect(found).toEqual([]);
});
