// `eas-doctor validate`: every problem in the trees at once, positioned, with hints.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../tree/diagnostics.js';
import { colourWanted } from '../../util/colour.js';
import { println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { bundledTreesDir, loadTrees, printDiagnostics, replacementLines, replacements } from '../trees.js';

interface Options extends OutputOptions {
  format?: 'text' | 'json';
  strict?: boolean;
  trees: string[];
}

export const command: Command<Options> = {
  async run({ args: positionals, opts }: CommandInput<Options>, io: CliIO): Promise<number> {
    const values = { ...opts, format: opts.json ? 'json' : (opts.format ?? 'text') };
    const bundled = path.resolve(bundledTreesDir(io));
    const targets = positionals.map((p) => path.resolve(io.cwd, p));
    const includesBundled = targets.some((t) => t === bundled);
    const extra = [...values.trees, ...targets.filter((t) => t !== bundled)];
    const result = await loadTrees(io, extra, { noBundled: false });
    const shownRoots = targets.length ? [...targets, ...values.trees.map((t) => path.resolve(io.cwd, t))] : undefined;
    const fileInScope = (file: string) => !shownRoots || shownRoots.some((r) => file === r || file.startsWith(r + path.sep)) || (includesBundled && file.startsWith(bundled + path.sep));
    // A circle of routes that runs through a PATH's tree is its problem, wherever it closes.
    const inScope = (d: Diagnostic) => fileInScope(d.file) || (d.through ?? []).some(fileInScope);
    const diagnostics = result.diagnostics.sorted().filter(inScope);
    const relative = (file: string) => path.relative(io.cwd, file) || file;
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    const files = result.files.filter(fileInScope).length;
    if (values.format === 'json') {
      printDocument(io, 'validate', { files, errors, warnings, diagnostics: diagnostics.map((d) => ({ ...d, file: relative(d.file), ...(d.through ? { through: d.through.map(relative) } : {}), ...(d.related ? { related: d.related.map((r) => ({ ...r, file: relative(r.file) })) } : {}) })), replaced: replacements(io, result) });
    } else {
      printDiagnostics(io, result, diagnostics, colourWanted(io.stderr, io.env, values.color));
      for (const line of replacementLines(io, result)) println(io.stdout, line);
      const trees = result.set.trees.size;
      println(errors || warnings ? io.stderr : io.stdout, `${files} file(s), ${trees} tree(s): ${errors} error(s), ${warnings} warning(s)${values.strict && warnings && !errors ? ' (warnings fail with --strict)' : ''}`);
    }
    // A PATH that is not there is missing input (its diagnostic is printed above).
    if (targets.some((t) => !existsSync(t))) return 2;
    return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
  },
};
