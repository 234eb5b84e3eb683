// Loads the bundled trees plus any --trees folders (a later folder's tree replaces a bundled
// one with the same id), validates them against the probe catalog, and compiles them.
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTrees, type CompiledTrees } from '../compile/compile.js';
import type { LoadedTrees } from '../compile/loaded.js';
import { probeCatalog } from '../probes/catalog.js';
import { formatDiagnostic, type Diagnostic } from '../tree/diagnostics.js';
import { loadTreeSet, type LoadResult, type TreeFs } from '../tree/tree-set.js';
import { LOADER_BUILD, buildTreeCache, seededTreeCache } from '../tree/tree-cache.js';
import type { Tree } from '../tree/types.js';
import { appFolders, platformOf } from '../util/folders.js';
import { suggest } from '../util/suggest.js';
import { UsageError, type CliIO } from './io.js';

/** The real file system, as the tree loader wants it. */
export const nodeTreeFs: TreeFs = {
  readFile: (f) => fs.readFile(f),
  readdir: (d) => fs.readdir(d),
  stat: (f) => fs.stat(f),
};

/** The package's root folder (holds package.json, trees/ and schema/), from src/ or dist/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'eas-doctor') return dir;
      } catch {
        // not ours; keep looking upwards
      }
    }
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/** Where the bundled trees are (EAS_DOCTOR_TREES overrides, for tests and packagers). */
export function bundledTreesDir(io: Pick<CliIO, 'env'>): string {
  const env = io.env.EAS_DOCTOR_TREES;
  return env && !env.startsWith('+') ? env : path.join(packageRoot(), 'trees');
}

/**
 * Folders EAS_DOCTOR_TREES adds beside the bundled trees: `+DIR` (several joined by the
 * platform's path separator, `+a:b`), loaded like --trees DIR before any --trees.
 */
export function addedTreeDirs(io: Pick<CliIO, 'env'>): string[] {
  const env = io.env.EAS_DOCTOR_TREES;
  return env?.startsWith('+') ? env.slice(1).split(path.delimiter).filter(Boolean) : [];
}

/**
 * The parsed-tree cache: CACHE/trees/BUILD (util/folders.ts: $XDG_CACHE_HOME/eas-doctor,
 * ~/.cache/eas-doctor, ~/Library/Caches/eas-doctor, %LOCALAPPDATA%\eas-doctor\Cache), then the
 * bundled trees the build parsed (dist/tree-seed.json). None when running from sources (no
 * build id) or with EAS_DOCTOR_NO_CACHE set.
 */
function treeCache(io: Pick<CliIO, 'env'>) {
  if (LOADER_BUILD === 'dev' || io.env.EAS_DOCTOR_NO_CACHE) return undefined;
  const user = buildTreeCache(path.join(appFolders(platformOf(io.env)).cache, 'trees'));
  return seededTreeCache(user, fileURLToPath(new URL('./tree-seed.json', import.meta.url)), bundledTreesDir(io));
}

/** Loads bundled trees (unless `noBundled`) and the extra folders, compiled when clean. */
export async function loadTrees(io: CliIO, extra: string[] = [], opts: { noBundled?: boolean } = {}): Promise<LoadResult & { compiled?: CompiledTrees }> {
  const layers = [...(opts.noBundled ? [] : [[bundledTreesDir(io)]]), ...[...addedTreeDirs(io), ...extra].map((d) => [path.resolve(io.cwd, d)])];
  const result = await loadTreeSet(nodeTreeFs, layers, probeCatalog, { cache: treeCache(io) });
  if (result.diagnostics.errorCount > 0) return result;
  return { ...result, compiled: compileTrees(result.set) };
}

/** Prints diagnostics with caret excerpts; paths relative to the working folder. */
export function printDiagnostics(io: CliIO, result: LoadResult, diagnostics: Diagnostic[] = result.diagnostics.sorted(), color = false): void {
  const shown = (file: string) => {
    const rel = path.relative(io.cwd, file) || file;
    return rel.startsWith('..') ? file : rel;
  };
  for (const d of diagnostics) {
    io.stderr.write(formatDiagnostic({ ...d, file: shown(d.file), ...(d.through ? { through: d.through.map(shown) } : {}), ...(d.related ? { related: d.related.map((r) => ({ ...r, file: shown(r.file) })) } : {}) }, result.sources.get(d.file), color) + '\n');
  }
}

/** Loads trees for a command that needs a clean set; prints problems and returns undefined otherwise. */
export async function loadCleanTrees(io: CliIO, extra: string[] = []): Promise<LoadedTrees | undefined> {
  const result = await loadTrees(io, extra);
  if (!result.compiled) {
    printDiagnostics(io, result, result.diagnostics.sorted().filter((d) => d.severity === 'error'));
    io.stderr.write(`eas-doctor: the trees have ${result.diagnostics.errorCount} error(s); fix them or run "eas-doctor validate" for details\n`);
    return undefined;
  }
  return result as LoadedTrees;
}

/** A path as the user typed it: relative to the working folder when below it. */
export function shownPath(io: Pick<CliIO, 'cwd'>, f: string): string {
  const rel = path.relative(io.cwd, f);
  return rel.startsWith('..') ? f : rel || f;
}

/** An override: the tree id, the file that replaced it and the file it replaced, as shown to the user. */
export interface Replacement {
  id: string;
  file: string;
  replaces: string;
  /** The replaced file is the shipped pack's. */
  bundled: boolean;
}

/** The trees an override replaced, with paths as the user typed them (text and --json both list them). */
export function replacements(io: Pick<CliIO, 'cwd' | 'env'>, result: Pick<LoadResult, 'replaced'>): Replacement[] {
  const bundled = path.resolve(bundledTreesDir(io));
  return result.replaced.map((r) => ({ id: r.id, file: shownPath(io, r.file), replaces: shownPath(io, r.replaces), bundled: r.replaces.startsWith(bundled + path.sep) }));
}

/**
 * One line per tree that an override replaced ("trees/cert.yaml: replaces bundled cert"): an
 * override is deliberate but easy to forget, so validate and list both say so.
 */
export function replacementLines(io: Pick<CliIO, 'cwd' | 'env'>, result: Pick<LoadResult, 'replaced'>): string[] {
  return replacements(io, result).map((r) => `${r.file}: replaces ${r.bundled ? `bundled ${r.id}` : `${r.id} of ${r.replaces}`}`);
}

/** The tree a command names (`graph ssl`, `show ssl`), or a usage error with the nearest id and the list. */
export function namedTree(loaded: LoadedTrees, positionals: readonly string[], example: string): Tree {
  if (positionals.length !== 1) throw new UsageError(`name one tree, e.g. "${example}"`);
  const id = positionals[0]!;
  const tree = loaded.set.trees.get(id);
  if (tree) return tree;
  const guess = suggest(id, loaded.set.trees.keys());
  throw new UsageError(`no tree "${id}".${guess ? ` Did you mean "${guess}"?` : ''} Trees: ${[...loaded.set.trees.keys()].join(', ')}`);
}
