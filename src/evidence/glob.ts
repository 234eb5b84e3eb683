// Just enough globbing for log paths (`u_ex*.log`, `logs/**/*.log.gz`): Node 20 has no fs.glob.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Whether a path has glob characters: * ? [ */
export function hasGlob(spec: string): boolean {
  return /[*?[]/.test(spec);
}

/** One path segment's pattern as a RegExp (`*`, `?`, `[abc]`, `[!abc]`). */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, process.platform === 'win32' ? 'i' : '');
}

/** Files matching `pattern` (relative to `cwd`), sorted; `**` matches any number of folders. */
export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const abs = path.resolve(cwd, pattern);
  const parts = abs.split(path.sep);
  const firstGlob = parts.findIndex((p) => hasGlob(p));
  if (firstGlob < 0) return [abs];
  const base = parts.slice(0, firstGlob).join(path.sep) || path.sep;
  const out = new Set<string>();
  await walk(base, parts.slice(firstGlob), out);
  return [...out].sort();
}

async function walk(dir: string, rest: string[], out: Set<string>): Promise<void> {
  const [head, ...tail] = rest;
  if (head === undefined) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  if (head === '**') {
    await walk(dir, tail, out);
    for (const e of entries) if (e.isDirectory()) await walk(path.join(dir, e.name), rest, out);
    return;
  }
  const re = hasGlob(head) ? segmentRegExp(head) : undefined;
  for (const e of entries) {
    if (re ? !re.test(e.name) : e.name !== head) continue;
    if (re && e.name.startsWith('.') && !head.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (tail.length === 0) {
      if (e.isFile() || e.isSymbolicLink()) out.add(full);
    } else if (e.isDirectory() || e.isSymbolicLink()) await walk(full, tail, out);
  }
}
