// The probe contract. A probe gathers evidence and *classifies* what happened; the tree
// decides what a classification means. This file is data and types only: the validator
// and the compiler read probe descriptors without loading any network code.

/** A parameter's type, checked by the tree validator and by `eas-doctor probe --param`. */
export type ParamType = 'string' | 'hostname' | 'ip' | 'host-port' | 'port' | 'number' | 'boolean' | 'path' | 'email' | 'duration';

/** One parameter a probe accepts. */
export interface ParamSpec {
  type: ParamType;
  /** What it is, shown in `eas-doctor probe --help` and in the validator's hints. */
  doc: string;
  /** @default false */
  required?: boolean;
  /** Used when the tree or command line gives none. */
  default?: string | number | boolean;
  /** Listed values only (an enum). */
  values?: readonly string[];
  /** A secret (password, key passphrase): never written to a journal, transcript or log. */
  secret?: boolean;
}

/** Classifications every probe can end with, besides its own list. */
export const UNIVERSAL_CLASSIFICATIONS = ['timeout', 'error'] as const;
export type UniversalClassification = (typeof UNIVERSAL_CLASSIFICATIONS)[number];

/** How a classification reads on screen: the probe says pass, warn or fail; the tree says what to do. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** The data part of a probe: what the validator, compiler and help texts need. */
export interface ProbeDescriptor {
  /** Dotted id used by trees: `tcp.connect`, `tls.certificate`. */
  id: string;
  /** One line for humans: "TCP connection". */
  title: string;
  /** "Run check: <describe>", with `{{param}}` filled: "connect to {{host}}:{{port}}". */
  describe: string;
  params: Readonly<Record<string, ParamSpec>>;
  /** The closed list of classifications `run` may return (plus `timeout` and `error`). */
  classifications: readonly string[];
  /** The verdict of each classification, for badges and the `check` checklist. */
  verdicts: Readonly<Record<string, Verdict>>;
  /** Hard limit for one run. @default 10000 */
  defaultTimeoutMs?: number;
  /**
   * Secrets the probe reads from `ctx.secrets` (name -> what it is), never from params:
   * `eas-doctor probe` and `check` ask for them with masked input.
   */
  secrets?: Readonly<Record<string, string>>;
}

/** Parameter values after placeholders are filled and types are coerced. */
export type ProbeParams = Record<string, string | number | boolean | undefined>;

/** What a running probe receives besides its parameters. */
export interface ProbeContext {
  /** Aborted on Ctrl-C, "back", cancel or deadline: stop all I/O at once. */
  signal: AbortSignal;
  /** Epoch milliseconds by which the probe must have returned. */
  deadline: number;
  /** The clock (injected so tests can control it). */
  now: () => number;
  /** Secrets for this run only (passwords, key passphrases): kept in memory, never returned as evidence. */
  secrets?: Readonly<Record<string, string>>;
  /** The user allowed credentials over unverified TLS or plain HTTP for this run. */
  insecure?: boolean;
  /**
   * DNS server (`IP` or `IP:PORT`) for probes that resolve names, when their own `resolver`
   * parameter is not given (`--resolver`, `EAS_DOCTOR_RESOLVER`).
   */
  resolver?: string;
  /** Progress for the UI ("connecting to 127.0.0.1:443"). */
  onProgress?: (action: string) => void;
}

/** Evidence is plain JSON: it goes into transcripts after redaction. */
export type Evidence = Record<string, unknown>;

/** A probe's answer. `classification` is one of its descriptor's list or a universal one. */
export interface ProbeResult {
  classification: string;
  /** One sentence for the helpdesk: "mail.contoso.com:443 refused the connection". */
  summary: string;
  evidence: Evidence;
  durationMs: number;
}

/** A probe: its descriptor plus the code that runs it. */
export interface Probe extends ProbeDescriptor {
  run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult>;
}

/** Runs a probe by id; the session engine receives one of these (tests inject stubs). */
export type ProbeRunner = (id: string, params: ProbeParams, ctx: ProbeContext) => Promise<ProbeResult>;
