// Parsed trees cached by content: YAML parsing is most of the cost of loading trees, and the
// shipped trees rarely change, so a file whose bytes (and whose loader build) are unchanged
// is read back from JSON instead. Only the per-file result is cached: the set-level checks
// (targets, probes, flow) run every time.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import type { loadTestFile } from './load-tests.js';
import type { Tree } from './types.js';

/** What loading one file produced: a tree, or a `*.test.yaml` file's tests. */
export interface CachedTree {
  tree?: Tree;
  testFile?: NonNullable<ReturnType<typeof loadTestFile>>;
  diagnostics: Diagnostic[];
}

/** A cache of per-file load results, keyed by `cacheKey`. */
export interface TreeCache {
  get(key: string): CachedTree | undefined;
  set(key: string, value: CachedTree): void;
}

/**
 * Identifies the code that produced a cached result: the build stamps it (a hash of the
 * sources); running from the TypeScript sources it is "dev", and the CLI uses no cache then.
 */
export const LOADER_BUILD: string = typeof __EAS_DOCTOR_BUILD__ === 'string' ? __EAS_DOCTOR_BUILD__ : 'dev';
declare const __EAS_DOCTOR_BUILD__: string | undefined;

/** The key of one file's result: the loader build, the file's path and its bytes. */
export function cacheKey(file: string, bytes: Uint8Array): string {
  return createHash('sha256').update(LOADER_BUILD).update('\0').update(file).update('\0').update(bytes).digest('hex');
}

/** A cache in a folder, one JSON file per key; unreadable or torn entries count as misses. */
export function folderTreeCache(dir: string): TreeCache {
  let ready = false;
  return {
    get(key) {
      try {
        return JSON.parse(readFileSync(path.join(dir, `${key}.json`), 'utf8')) as CachedTree;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      try {
        if (!ready) mkdirSync(dir, { recursive: true });
        ready = true;
        const tmp = path.join(dir, `${key}.${process.pid}.tmp`);
        writeFileSync(tmp, JSON.stringify(value));
        renameSync(tmp, path.join(dir, `${key}.json`));
      } catch {
        // A cache that cannot be written only costs speed.
      }
    },
  };
}
