// `eas-doctor validate`: every problem in the trees at once, positioned, with hints.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../../tree/diagnostics.js';
import { UsageError, println, type CliIO, type Command, printJson } from '../io.js';
import { bundledTreesDir, loadTrees, printDiagnostics } from '../trees.js';

const usage = `Usage: eas-doctor validate [PATH...] [--format text|json] [--strict] [--trees DIR]

Checks tree files (YAML syntax, keys, types, targets, probes, placeholders, dead ends,
nodes with no way out, unreachable nodes) and prints every problem as
file:line:column: error CODE message, with the line and a caret.
PATHs are files or folders; they load beside the bundled trees (a tree with a bundled
tree's id replaces it), and only their problems are shown. Without PATH: the bundled trees.

Exit: 0 clean, 1 errors (or warnings with --strict), 2 bad usage.

Examples:
  eas-doctor validate
  eas-doctor validate my-trees/ --strict
  eas-doctor validate trees/ssl.yaml --format json`;

export const command: Command = {
  summary: 'check trees and print positioned diagnostics',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        strict: { type: 'boolean', default: false },
        trees: { type: 'string', multiple: true, default: [] },
        'no-color': { type: 'boolean', default: false },
      },
    });
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be one of: text, json (got "${values.format}")`);
    const bundled = path.resolve(bundledTreesDir(io));
    const targets = positionals.map((p) => path.resolve(io.cwd, p));
    const includesBundled = targets.some((t) => t === bundled);
    const extra = [...values.trees, ...targets.filter((t) => t !== bundled)];
    const result = await loadTrees(io, extra, { noBundled: false });
    const shownRoots = targets.length ? [...targets, ...values.trees.map((t) => path.resolve(io.cwd, t))] : undefined;
    const inScope = (d: Diagnostic) => !shownRoots || shownRoots.some((r) => d.file === r || d.file.startsWith(r + path.sep)) || (includesBundled && d.file.startsWith(bundled + path.sep));
    const diagnostics = result.diagnostics.sorted().filter(inScope);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    const files = result.files.filter((f) => !shownRoots || inScope({ file: f } as Diagnostic)).length;
    if (values.format === 'json') {
      printJson(io.stdout, { files, errors, warnings, diagnostics: diagnostics.map((d) => ({ ...d, file: path.relative(io.cwd, d.file) || d.file })) });
    } else {
      printDiagnostics(io, result, diagnostics, !values['no-color'] && io.env.NO_COLOR === undefined && Boolean((io.stderr as { isTTY?: boolean }).isTTY));
      const trees = result.set.trees.size;
      println(errors || warnings ? io.stderr : io.stdout, `${files} file(s), ${trees} tree(s): ${errors} error(s), ${warnings} warning(s)${values.strict && warnings && !errors ? ' (warnings fail with --strict)' : ''}`);
    }
    return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
  },
};
