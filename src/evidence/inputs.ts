// Log file arguments -> files: plain paths, folders (their *.log and *.gz files), globs and
// comma-separated lists. Every problem is collected, then reported together.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { kindOf } from '../util/regular-file.js';
import { expandGlob, hasGlob } from './glob.js';

/** A file argument that names nothing readable. */
export interface InputProblem {
  spec: string;
  code: 'not-found' | 'no-match' | 'empty-folder' | 'unreadable' | 'not-regular';
  message: string;
}

/** The message for a path that is not a regular file (scan-files.ts says the same when one was put in its place after this check). */
export function notRegular(label: string, kind: string): string {
  return `"${label}" is ${kind}, not a log file: give IIS log files (.log, or .gz of one); eas-doctor does not read pipes or devices`;
}

const LOG_FILE = /\.(log|txt|gz)$/i;
const WHERE = 'IIS writes Exchange logs to %SystemDrive%\\inetpub\\logs\\LogFiles\\W3SVC1 (front end) and W3SVC2 (back end)';

/** Expands file arguments; `files` keeps the order given, without duplicates. */
export async function resolveInputs(specs: readonly string[], cwd: string): Promise<{ files: string[]; problems: InputProblem[] }> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  for (const spec of specs) await resolveOne(spec, cwd, add, problems);
  // A FIFO, a device (/dev/zero, /dev/urandom) or a socket would block the reader or never
  // end: only regular files (through symlinks) are read; stat opens nothing.
  const regular: string[] = [];
  for (const f of files) {
    const st = await stat(f).catch(() => undefined);
    if (!st || st.isFile()) regular.push(f);
    else problems.push({ spec: f, code: 'not-regular', message: notRegular(f, kindOf(st)) });
  }
  return { files: regular, problems };
}

async function resolveOne(spec: string, cwd: string, add: (f: string) => void, problems: InputProblem[]): Promise<void> {
  const trimmed = spec.trim();
  if (trimmed === '') return;
  const full = path.resolve(cwd, trimmed);
  const st = await stat(full).catch((err: NodeJS.ErrnoException) => err);
  if (!(st instanceof Error)) {
    if (st.isDirectory()) {
      const all = await readdir(full).catch(() => [] as string[]);
      const names = all.filter((n) => LOG_FILE.test(n)).sort();
      if (names.length === 0) {
        // LogFiles itself holds one folder per web site: point at them.
        const sites = all.filter((n) => /^W3SVC\d+$/i.test(n)).sort();
        const hint = sites.length ? `; its site folders are ${sites.map((n) => `"${path.join(spec, n)}"`).join(', ')} (or use "${path.join(spec, 'W3SVC*', '*.log')}")` : '';
        problems.push({ spec, code: 'empty-folder', message: `folder "${spec}" has no .log or .gz files${hint}` });
      }
      for (const n of names) add(path.join(full, n));
    } else add(full);
    return;
  }
  if (trimmed.includes(',')) {
    for (const part of trimmed.split(',')) await resolveOne(part, cwd, add, problems);
    return;
  }
  if (hasGlob(trimmed)) {
    const matches = await expandGlob(trimmed, cwd);
    if (matches.length === 0) problems.push({ spec, code: 'no-match', message: `no file matches "${spec}"` });
    for (const m of matches) add(m);
    return;
  }
  const code = (st as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    problems.push({ spec, code: 'not-found', message: `"${spec}" does not exist (looked for ${full}); ${WHERE}` });
  } else {
    problems.push({ spec, code: 'unreadable', message: `cannot read "${spec}": ${(st as Error).message}` });
  }
}
