// The tree language's vocabulary: key lists, formats and id patterns, in one place for the
// loader, the test-file reader and the schema test.
import type { InputFormat } from './types.js';

export const ID = /^[a-z0-9][a-z0-9-]*$/;
export const INPUT_NAME = /^[a-z][a-z0-9_-]*$/;
/** `node`, `tree#node` or `tree#start`. */
export const TARGET = /^([a-z0-9][a-z0-9-]*#)?[a-z0-9][a-z0-9-]*$/;
export const FORMATS: readonly InputFormat[] = ['text', 'hostname', 'host-port', 'email', 'user', 'domain', 'url', 'secret'];

export const TREE_KEYS = ['id', 'title', 'version', 'summary', 'symptoms', 'inputs', 'start', 'nodes', 'tests'] as const;
export const INPUT_KEYS = ['ask', 'example', 'help', 'format', 'optional'] as const;
export const QUESTION_KEYS = ['question', 'help', 'answers', 'probe', 'unknown', 'symptoms'] as const;
export const FIX_KEYS = ['fix', 'cause', 'why', 'steps', 'verify', 'sources', 'unresolved', 'symptoms'] as const;
export const ESCALATE_KEYS = ['escalate', 'to', 'why', 'attach', 'symptoms'] as const;
export const PROBE_KEYS = ['use', 'with', 'map', 'timeout'] as const;
export const STEP_KEYS = ['text', 'run', 'replace', 'either'] as const;
export const RUN_KEYS = ['shell', 'code'] as const;
export const TEST_KEYS = ['name', 'inputs', 'answers', 'probes', 'expect'] as const;

/**
 * Names every JavaScript object already has ("constructor"): as a node id, input or answer they
 * would resolve through the prototype chain ({{constructor}} printed "function Object()").
 */
export function isReservedName(name: string): boolean {
  return name in Object.prototype;
}
