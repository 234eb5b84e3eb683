// Options that many commands share, declared once.
import type { OptionSpec } from './types.js';

/** --json, on every command that prints: one document with "format" and "version" (schema/). */
export const json = (doc = 'print the result as one JSON document'): OptionSpec => ({ flags: '--json', doc });

/** --no-color, on every command that prints. */
export const noColor: OptionSpec = { flags: '--no-color', doc: 'no colours (also: NO_COLOR set non-empty, TERM=dumb, or output that is not a terminal)' };

/** --trees DIR, on every command that loads trees. */
export const trees: OptionSpec = { flags: '--trees <dir>', doc: 'also load trees from DIR (repeatable; a tree with a bundled id replaces it)', repeat: true, complete: 'dir' };

/** --data-dir DIR, on every command that reads or writes sessions. */
export const dataDir: OptionSpec = { flags: '--data-dir <dir>', doc: 'where sessions are journaled (default: $EAS_DOCTOR_HOME, else the platform data folder)', complete: 'dir' };

/** --insecure, on every command that runs probes with credentials. */
export const insecure = (doc = 'let probes send credentials over unverified TLS or plain HTTP'): OptionSpec => ({ flags: '--insecure', doc });

/** --resolver IP[:PORT], on every command that runs probes. */
export const resolver: OptionSpec = { flags: '--resolver <ip:port>', doc: "DNS server for the probes (default: $EAS_DOCTOR_RESOLVER, else the system's)" };

/** --timeout MS, on commands that run one probe or a sweep. */
export const timeout = (doc: string): OptionSpec => ({ flags: '--timeout <ms>', doc });

/** What every command that prints takes. */
export const output = (jsonDoc?: string): OptionSpec[] => [json(jsonDoc), noColor];
