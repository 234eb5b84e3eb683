// Parsed trees cached by content: YAML parsing is most of the cost of loading trees, and the
// shipped trees rarely change, so a file whose bytes (and whose loader build) are unchanged
// is read back from JSON instead. Only the per-file result is cached: the set-level checks
// (targets, probes, flow) run every time.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
        // Entries hold diagnostic excerpts of any file --trees read (through symlinks too):
        // private like the data folder, 0700 folders and 0600 files, also when an older
        // version made the folder world-readable.
        if (!ready) {
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          chmodSync(dir, 0o700);
        }
        ready = true;
        const tmp = path.join(dir, `${key}.${process.pid}.tmp`);
        writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
        renameSync(tmp, path.join(dir, `${key}.json`));
      } catch {
        // A cache that cannot be written only costs speed.
      }
    },
  };
}

/**
 * The cache of this loader build under `base` (`base/BUILD/`). The first write of a process
 * removes what other builds left there (their entries are never read again: the build is in
 * every key) and anything else in `base` that is not a folder of this build.
 */
export function buildTreeCache(base: string, build: string = LOADER_BUILD): TreeCache {
  const inner = folderTreeCache(path.join(base, build));
  let pruned = false;
  return {
    get: (key) => inner.get(key),
    set(key, value) {
      if (!pruned) {
        pruned = true;
        try {
          for (const name of readdirSync(base)) if (name !== build) rmSync(path.join(base, name), { recursive: true, force: true });
          chmodSync(base, 0o700);
        } catch {
          // nothing there yet, or not ours to clean: only costs disk space
        }
      }
      inner.set(key, value);
    },
  };
}

/**
 * The bundled trees parsed at build time (dist/tree-seed.json, written by scripts/build.mjs),
 * behind `inner`: the first start after an install parses no YAML either. An entry is used
 * only for the file it was made from (same loader build, same bytes under `treesDir`), with
 * the build's folder in its positions replaced by `treesDir`.
 */
export function seededTreeCache(inner: TreeCache | undefined, seedFile: string, treesDir: string): TreeCache {
  let seed: Map<string, string> | undefined;
  const esc = (s: string) => JSON.stringify(s).slice(1, -1);
  const load = () => {
    seed = new Map();
    try {
      const { build, dir, files } = JSON.parse(readFileSync(seedFile, 'utf8')) as { build: string; dir: string; files: Record<string, { sha256: string; entry: string }> };
      if (build !== LOADER_BUILD) return seed;
      for (const [name, { sha256, entry }] of Object.entries(files)) {
        const file = path.join(treesDir, name);
        try {
          const bytes = readFileSync(file);
          if (createHash('sha256').update(bytes).digest('hex') !== sha256) continue; // edited since the build
          seed.set(cacheKey(file, bytes), entry.replaceAll(esc(dir), esc(treesDir)));
        } catch {
          // not there: the loader reports it
        }
      }
    } catch {
      // no seed (a build without one, or running from another folder)
    }
    return seed;
  };
  return {
    get(key) {
      const hit = inner?.get(key);
      if (hit) return hit;
      const text = (seed ?? load()).get(key);
      return text === undefined ? undefined : (JSON.parse(text) as CachedTree);
    },
    set(key, value) {
      inner?.set(key, value);
    },
  };
}
