// Shell completion from the commands' declarations: the shell's script (completion-scripts.ts)
// calls `eas-doctor __complete -- WORD...` with the words typed so far (the last one being
// completed) and gets back a line saying what to complete, then the candidates:
//   words   the lines that follow are the candidates
//   files   let the shell complete file names
//   dirs    let the shell complete folder names
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { probeCatalog } from '../probes/catalog.js';
import { dataDirFor } from '../transcript/data-dir.js';
import { openSessionStore } from '../transcript/store.js';
import type { CliIO } from './io.js';
import { commandFirst } from './program.js';
import type { CommandSpec, CompleteKind, OptionSpec } from './specs/index.js';
import { bundledTreesDir } from './trees.js';

/** What the shell should complete. */
export interface Completion {
  kind: 'words' | 'files' | 'dirs';
  words: string[];
}

const takesValue = (o: OptionSpec) => /[<[]/.test(o.flags);
const flagsOf = (o: OptionSpec) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('-'));
const HELP_FLAGS = ['--help', '--version'];

/** The candidates for the last of `words` (the words after "eas-doctor"). */
export async function complete(words: readonly string[], specs: readonly CommandSpec[], io: CliIO): Promise<Completion> {
  const cur = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const found = commandFirst(before, specs);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const visible = specs.filter((s) => !s.hidden).map((s) => s.name);
  if (found.name === 'help') return list(found.argv.length === 1 ? visible : [], cur);
  // No command yet: "eas-doctor" alone runs the wizard, so run's options are offered too.
  const spec = found.name ? byName.get(found.name)! : byName.get('run');
  const options = spec?.options.filter((o) => !o.hidden) ?? [];

  const prev = before[before.length - 1];
  const valueOf = prev?.startsWith('-') ? options.find((o) => takesValue(o) && flagsOf(o).includes(prev)) : undefined;
  if (valueOf) return values(valueOf.choices, valueOf.complete, cur, words, io);
  const eq = /^(--[\w-]+)=(.*)$/.exec(cur);
  if (eq) {
    const o = options.find((x) => takesValue(x) && flagsOf(x).includes(eq[1]!));
    const got = o ? await values(o.choices, o.complete, eq[2]!, words, io) : { kind: 'words' as const, words: [] };
    return got.kind === 'words' ? { kind: 'words', words: got.words.map((w) => `${eq[1]}=${w}`) } : got;
  }
  if (cur.startsWith('-')) return list([...options.flatMap((o) => flagsOf(o).filter((f) => f.startsWith('--'))), ...HELP_FLAGS], cur);
  if (!found.name) return list(visible, cur);

  // A positional: which one, counting the words that are neither options nor their values.
  let index = 0;
  for (let i = 1; i < found.argv.length; i++) {
    const w = found.argv[i]!;
    if (w.startsWith('-')) {
      const o = options.find((x) => flagsOf(x).includes(w));
      if (o && takesValue(o) && !w.includes('=')) i++;
      continue;
    }
    index++;
  }
  const args = spec!.args ?? [];
  const last = args[args.length - 1];
  const arg = args[index] ?? (last?.name.endsWith('...') ? last : undefined);
  return values(undefined, arg?.complete ?? 'none', cur, words, io);
}

async function values(choices: readonly string[] | undefined, kind: CompleteKind | undefined, cur: string, words: readonly string[], io: CliIO): Promise<Completion> {
  if (choices) return list(choices, cur);
  switch (kind) {
    case 'file':
      return { kind: 'files', words: [] };
    case 'dir':
      return { kind: 'dirs', words: [] };
    case 'tree':
      // tree#node: the node part is left to the user.
      return cur.includes('#') ? { kind: 'words', words: [] } : list(await treeIds(words, io), cur);
    case 'probe':
      return list([...probeCatalog.keys()], cur);
    case 'session':
      return list(await sessionIds(words, io), cur);
    default:
      return { kind: 'words', words: [] };
  }
}

function list(candidates: Iterable<string>, prefix: string): Completion {
  return { kind: 'words', words: [...new Set(candidates)].filter((c) => c.startsWith(prefix)).sort() };
}

/** The values given to an option among the words (`--trees A --trees=B`). */
function optionValues(words: readonly string[], flag: string): string[] {
  const out: string[] = [];
  words.forEach((w, i) => {
    if (w === flag && words[i + 1] !== undefined && i + 1 < words.length - 1) out.push(words[i + 1]!);
    else if (w.startsWith(`${flag}=`)) out.push(w.slice(flag.length + 1));
  });
  return out;
}

/** Tree ids: the YAML files of the bundled folder and of the --trees folders typed so far. */
async function treeIds(words: readonly string[], io: CliIO): Promise<string[]> {
  const ids: string[] = [];
  for (const dir of [bundledTreesDir(io), ...optionValues(words, '--trees').map((d) => path.resolve(io.cwd, d))]) {
    try {
      for (const name of await readdir(dir)) {
        const m = /^([a-z0-9][a-z0-9-]*)\.ya?ml$/.exec(name);
        if (m && !name.endsWith('.test.yaml') && !name.endsWith('.test.yml')) ids.push(m[1]!);
      }
    } catch {
      // a folder not typed in full yet
    }
  }
  return ids;
}

/** Session ids in the data folder (--data-dir when typed), newest first. */
async function sessionIds(words: readonly string[], io: CliIO): Promise<string[]> {
  try {
    const store = openSessionStore({ dataDir: dataDirFor(io.env, optionValues(words, '--data-dir').pop(), io.cwd), now: io.now });
    return (await store.list()).map((s) => s.id);
  } catch {
    return [];
  }
}
