// The one contract of every --json document: "format": "eas-doctor.KIND" and "version", then
// the command's data; schema/KIND.schema.json describes each. Times are ISO-8601 UTC strings;
// durations are whole milliseconds in fields named ...Ms.
import { printJson, type CliIO } from './io.js';

/** The version of every KIND's document; a change that breaks a reader raises it. */
export const JSON_VERSION = 1;

/** Each kind of --json document, by the command that prints it (run and resume print a walk). */
export const JSON_KINDS = ['validate', 'list', 'show', 'search', 'graph', 'test', 'walk', 'new', 'sessions', 'replay', 'log', 'check', 'probe'] as const;
export type JsonKind = (typeof JSON_KINDS)[number];

/** The document: format and version first, then the body. */
export function jsonDocument<T extends object>(kind: JsonKind, body: T): { format: string; version: number } & T {
  return { format: `eas-doctor.${kind}`, version: JSON_VERSION, ...body };
}

/** Prints the document on standard output, indented, control characters escaped (io.ts printJson). */
export function printDocument(io: Pick<CliIO, 'stdout'>, kind: JsonKind, body: object): void {
  printJson(io.stdout, jsonDocument(kind, body));
}
