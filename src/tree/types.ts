// The tree model: what a YAML tree means once loaded and checked. Every part keeps the
// position it came from, so later stages (validator, tests, graph) can point at it.

/** Where something stands in a tree file (1-based line and column). */
export interface Pos {
  file: string;
  line: number;
  column: number;
}

/** What an input holds; checked when the user types it. */
export type InputFormat = 'text' | 'hostname' | 'host-port' | 'email' | 'user' | 'domain' | 'url' | 'secret';

/** A value the walk asks once and fills into `{{placeholders}}`. */
export interface InputDef {
  name: string;
  ask: string;
  example?: string;
  help?: string;
  format: InputFormat;
  /** Kept in memory only; never journaled or exported. True for format `secret`. */
  secret: boolean;
  /** May be left empty. @default false */
  optional: boolean;
  pos: Pos;
}

/** A reference to a node: `node`, or `tree#node` in another tree (`tree#start` is its start). */
export interface Target {
  tree: string;
  node: string;
  /** As written, for messages. */
  raw: string;
  pos: Pos;
}

/** One answer of a question. */
export interface Answer {
  key: string;
  label: string;
  goto: Target;
  pos: Pos;
}

/** A probe attached to a question: its classifications pick answers. */
export interface ProbeUse {
  use: string;
  with: Record<string, string | number | boolean>;
  /** Classification -> answer key. Unmapped classifications leave the choice to the user. */
  map: Record<string, string>;
  timeoutMs?: number;
  pos: Pos;
  /** Positions of `map` and `with` keys and values, for diagnostics. */
  mapPos: Record<string, Pos>;
  mapValuePos: Record<string, Pos>;
  withPos: Record<string, Pos>;
  withValuePos: Record<string, Pos>;
}

/** The shells a command can be labelled with. */
export const SHELLS = ['powershell', 'cmd', 'bash', 'registry', 'gui', 'appcmd', 'ems'] as const;
export type Shell = (typeof SHELLS)[number];

/** Text in a step's command that the engineer replaces by hand (a thumbprint, a site name). */
export interface Replaceable {
  /** Exactly as it stands in the command: `SITE`, `THUMBPRINT`, `CN=User,DC=contoso,DC=com`. */
  token: string;
  /** What to put there, and where to find it. */
  means: string;
  pos: Pos;
}

/**
 * One step of a fix: what to do, and optionally the exact command, with the parts of it to
 * replace by hand. An `either:` step instead holds alternatives (each one or more steps), of
 * which the engineer does exactly one; its `text` (optional) introduces them.
 */
export interface FixStep {
  text: string;
  run?: { shell: Shell; code: string };
  /** In the order written; each token occurs in `run.code`. */
  replace?: Replaceable[];
  /** Two or more ways to do this step; no alternative holds another `either`. */
  either?: FixStep[][];
  pos: Pos;
}

interface NodeBase {
  id: string;
  tree: string;
  pos: Pos;
  /**
   * What users paste or report that this exact node handles (device messages, IIS tokens,
   * status codes, cmdlet output): search finds the node by them and can start a walk there.
   */
  symptoms: string[];
}

/** Asks one observable fact; each answer leads to a node. */
export interface QuestionNode extends NodeBase {
  kind: 'question';
  question: string;
  help?: string;
  answers: Answer[];
  probe?: ProbeUse;
  /**
   * Where "I don't know" leads (`unknown: NODE_REF`), or false when the author turned it off
   * (`unknown: false`). Absent: no route (the validator warns). With a probe, "I don't know"
   * runs the check first and follows this route only when the check cannot tell.
   */
  unknown?: Target | false;
}

/** Ends the walk with what is wrong, why, what to type and how to verify. */
export interface FixNode extends NodeBase {
  kind: 'fix';
  title: string;
  /** What is wrong, in one line: the cause listed in `eas-doctor list --causes`. */
  cause?: string;
  why: string;
  steps: FixStep[];
  verify: string;
  /** As written: registry ids (trees/sources.yaml) or free text. */
  sources: string[];
  /** Where each `sources` entry is written. */
  sourcePos: Pos[];
  /** Where "this did not help" leads; without it, the walk escalates generically. */
  unresolved?: Target;
}

/** Ends the walk by handing over to someone else with the evidence. */
export interface EscalateNode extends NodeBase {
  kind: 'escalate';
  title: string;
  to: string;
  why?: string;
  attach: string[];
}

export type TreeNode = QuestionNode | FixNode | EscalateNode;

/** A scripted walk that must end at `expect`. */
export interface TreeTest {
  name: string;
  inputs: Record<string, string>;
  answers: string[];
  /** Where each answer stands, for a failure at that answer. */
  answerPos?: Pos[];
  /** Stubbed probe classifications by probe id (or `node` for one question). */
  probes: Record<string, string>;
  /** Where each stub's key and classification stand. */
  probePos?: Record<string, { key: Pos; value: Pos }>;
  expect: Target;
  pos: Pos;
  /** Where the test came from: the tree or a `*.test.yaml` file. */
  file: string;
}

/** A loaded tree. */
export interface Tree {
  id: string;
  title: string;
  version: number;
  summary: string;
  symptoms: string[];
  inputs: Record<string, InputDef>;
  start: string;
  nodes: Record<string, TreeNode>;
  tests: TreeTest[];
  file: string;
  /** sha256 of the file's bytes: journals record it to notice a tree that changed. */
  hash: string;
  pos: Pos;
  startPos: Pos;
}
/** One document a fix cites. */
export interface Source {
  id: string;
  title: string;
  /** Author or publisher. */
  publisher: string;
  /** Year of publication, or "n.d." / "retrieved 2026" when the document carries none. */
  year: string;
  url?: string;
  pos: Pos;
}

/** Several trees that reference each other; ids are unique. */
export interface TreeSet {
  trees: Map<string, Tree>;
  /** The sources registry (sources.yaml files of the loaded folders), by id. */
  sources?: Map<string, Source>;
}

/** Parses `node` or `tree#node` relative to `tree`. */
export function parseTarget(raw: string, tree: string, pos: Pos): Target {
  const hash = raw.indexOf('#');
  if (hash < 0) return { tree, node: raw, raw, pos };
  return { tree: raw.slice(0, hash), node: raw.slice(hash + 1) || 'start', raw, pos };
}

/** The node a target names, resolving `tree#start`. */
export function resolveTarget(set: TreeSet, target: { tree: string; node: string }): TreeNode | undefined {
  const tree = set.trees.get(target.tree);
  if (!tree) return undefined;
  const node = target.node === 'start' ? tree.start : target.node;
  return Object.hasOwn(tree.nodes, node) ? tree.nodes[node] : undefined;
}

/** The answer key of "I don't know" (reserved: no answer may use it). */
export const UNKNOWN_KEY = 'unknown';
/** How "I don't know" reads on screen and in transcripts. */
export const UNKNOWN_LABEL = "I don't know";

/** A question's answers with "I don't know" last when it has a route: what the machine and the journal accept. */
export function questionAnswers(node: QuestionNode): Answer[] {
  if (!node.unknown) return node.answers;
  return [...node.answers, { key: UNKNOWN_KEY, label: UNKNOWN_LABEL, goto: node.unknown, pos: node.unknown.pos }];
}

/** The label of one answer key of a question ("I don't know" for `unknown`). */
export function answerLabel(node: QuestionNode, key: string): string | undefined {
  return key === UNKNOWN_KEY ? UNKNOWN_LABEL : node.answers.find((a) => a.key === key)?.label;
}

/** A node's global key, `tree#node`. */
export function nodeKey(tree: string, node: string): string {
  return `${tree}#${node}`;
}
