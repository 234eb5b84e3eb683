// A loaded tree set that compiled cleanly: what the commands and the wizard walk.
import type { LoadResult } from '../tree/tree-set.js';
import type { CompiledTrees } from './compile.js';

/** The trees as loaded (files, sources, diagnostics) with their compiled machine. */
export type LoadedTrees = LoadResult & { compiled: CompiledTrees };
