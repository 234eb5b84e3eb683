// `eas-doctor test`: runs tree tests and lists the fixes and escalations no test reaches.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { probeCatalog } from '../../probes/catalog.js';
import { runTreeTests } from '../../session/tree-tests.js';
import { println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { bundledTreesDir, loadCleanTrees } from '../trees.js';

interface Options extends OutputOptions {
  strict?: boolean;
  trees: string[];
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    const bundled = path.resolve(bundledTreesDir(io));
    const targets = positionals.map((p) => path.resolve(io.cwd, p));
    const missing = positionals.filter((p, i) => !existsSync(targets[i]!));
    if (missing.length) {
      for (const p of missing) println(io.stderr, `eas-doctor test: "${p}": no such file or folder`);
      return 2;
    }
    const loaded = await loadCleanTrees(io, [...values.trees, ...targets.filter((t) => t !== bundled)]);
    if (!loaded) return 1;
    const inTargets = (file: string) => !targets.length || targets.some((t) => file === t || file.startsWith(t + path.sep));
    const report = await runTreeTests(
      loaded.compiled,
      probeCatalog,
      (tree, t) => inTargets(tree.file) || inTargets(t.file),
      (tree) => inTargets(tree.file),
    );
    const rel = (f: string) => path.relative(io.cwd, f) || f;
    const failed = report.results.filter((r) => !r.passed);
    if (values.json) {
      printDocument(io, 'test', {
        passed: report.results.length - failed.length,
        failed: failed.length,
        results: report.results.map((r) => ({ tree: r.tree, name: r.test.name, passed: r.passed, endedAt: r.endedAt?.replace('/', '#'), message: r.message, answersByHand: r.answersByHand, file: rel((r.pos ?? r.test.pos).file), line: (r.pos ?? r.test.pos).line, column: (r.pos ?? r.test.pos).column })),
        unreached: report.unreached.map((u) => ({ ...u, key: u.key.replace('/', '#'), file: rel(u.file) })),
      });
    } else {
      for (const r of report.results) {
        if (r.passed) println(io.stdout, `  ok    ${r.tree}: ${r.test.name}`);
        else {
          const pos = r.pos ?? r.test.pos;
          println(io.stdout, `  FAIL  ${r.tree}: ${r.test.name}\n        ${rel(pos.file)}:${pos.line}:${pos.column}: ${r.message}`);
        }
      }
      if (report.unreached.length) {
        println(io.stdout, `\nNo test reaches these ${report.unreached.length} fix(es) and escalation(s):`);
        for (const u of report.unreached) println(io.stdout, `  ${rel(u.file)}:${u.line}:${u.column}: ${u.kind} ${u.key.replace('/', '#')}`);
      } else {
        println(io.stdout, '\nEvery fix and escalation is reached by a test.');
      }
      println(io.stdout, `\n${report.results.length - failed.length} test(s) passed, ${failed.length} failed, ${report.unreached.length} fix(es)/escalation(s) unreached`);
    }
    return failed.length > 0 || (values.strict && report.unreached.length > 0) ? 1 : 0;
  },
};
