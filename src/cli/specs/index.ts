// Every command's declaration, in the order help lists them.
import { check } from './check.js';
import { completion } from './completion.js';
import { exportSpec } from './export.js';
import { graph } from './graph.js';
import { list } from './list.js';
import { log } from './log.js';
import { newTree } from './new.js';
import { probe } from './probe.js';
import { replay } from './replay.js';
import { resume } from './resume.js';
import { run } from './run.js';
import { search } from './search.js';
import { sessions } from './sessions.js';
import { show } from './show.js';
import { test } from './test.js';
import { validate } from './validate.js';
import type { CommandSpec } from './types.js';

export type { ArgumentSpec, CommandSpec, CompleteKind, OptionSpec } from './types.js';

/** The commands, in the order help lists them. */
export const specs: readonly CommandSpec[] = [validate, list, show, search, graph, test, run, newTree, sessions, resume, exportSpec, replay, log, check, probe, completion];

/** Every command by name. */
export const commands: Readonly<Record<string, CommandSpec>> = Object.fromEntries(specs.map((s) => [s.name, s]));
