// The transcript as data: the types every export renders and the redactor rewrites. Types
// only (and the format marker), so the modules that read a transcript need not import the
// code that builds one.
import type { CompiledTrees } from '../compile/compile.js';
import type { ProbeDescriptor, Verdict } from '../probes/types.js';
import type { SessionEvent, SessionStatus } from '../session/events.js';
import type { InputFormat } from '../tree/types.js';
import type { ShownStep } from '../tree/fix-steps.js';

/** The JSON export's format marker and schema version (schema/transcript.schema.json). */
export const TRANSCRIPT_FORMAT = 'eas-doctor.transcript';
export const TRANSCRIPT_VERSION = 1;

export interface TranscriptInput {
  name: string;
  ask: string;
  format: InputFormat;
  /** Absent for secrets, which are never recorded. */
  value?: string;
  secret?: true;
  at: string;
}

/** One decision on the path that stands: a question answered or a fix tried. */
export type TranscriptStep =
  | {
      kind: 'question';
      at: string;
      node: string;
      question: string;
      answer: string;
      label: string;
      /** The answer was the one a probe's classification mapped to. */
      byProbe: boolean;
      /** The engineer did not know ("I don't know", answer key `unknown`). */
      didNotKnow?: true;
      /** The latest probe run at this question, if any: `evidence[i]`. */
      evidence?: number;
    }
  | { kind: 'fix'; at: string; node: string; title: string; result: 'resolved' | 'did-not-help' };

export interface TranscriptEvidence {
  at: string;
  node: string;
  probe: string;
  title: string;
  classification: string;
  verdict?: Verdict;
  summary: string;
  durationMs: number;
  params: Record<string, string | number | boolean | null>;
  evidence: Record<string, unknown>;
}

export interface TranscriptFix {
  node: string;
  title: string;
  cause?: string;
  why: string;
  /** As shown: `either` holds alternatives (do one), `replace` the text to type over. */
  steps: ShownStep[];
  verify: string;
  sources: string[];
  /** Absent while the fix waits for its result. */
  result?: 'resolved' | 'did-not-help';
  /** The fix was shown, then the answer that led to it was taken back: it does not stand. */
  takenBack?: { at: string; by: 'back' | 'restart' };
}

export interface TranscriptEscalation {
  node: string;
  title: string;
  to: string;
  why?: string;
  attach: string[];
}

/** An answer (or fix result) that no longer stands. */
export interface TranscriptRetracted {
  /** When it was given. */
  at: string;
  node: string;
  /** The question as it was asked (a fix's title for a fix result); absent in older transcripts. */
  question?: string;
  answer: string;
  label: string;
  by: 'back' | 'restart';
  undoneAt: string;
}

/** Every event in order, including backs, restarts and notes: what happened, when. */
export interface TimelineEntry {
  at: string;
  kind: SessionEvent['type'];
  node?: string;
  text: string;
}

export interface Transcript {
  format: typeof TRANSCRIPT_FORMAT;
  version: typeof TRANSCRIPT_VERSION;
  session: {
    id: string;
    ticket?: string;
    operator?: string;
    startedAt: string;
    /** When it ended (resolved, escalated, abandoned); absent while open. */
    endedAt?: string;
    lastActivityAt: string;
    durationMs: number;
    status: SessionStatus;
    redacted: boolean;
  };
  /** Where the walk began. */
  start: { tree: string; node: string };
  /** The trees the session used, as recorded when it started, and whether they changed since. */
  trees: Array<{ id: string; title?: string; version: number; hash: string; current?: { version: number; hash: string } | null }>;
  inputs: TranscriptInput[];
  steps: TranscriptStep[];
  evidence: TranscriptEvidence[];
  notes: Array<{ at: string; node?: string; text: string }>;
  /** Answers and fix results given and then taken back (`back`) or dropped (`restart`). */
  retracted: TranscriptRetracted[];
  fixes: TranscriptFix[];
  escalation?: TranscriptEscalation;
  outcome: {
    status: SessionStatus;
    /** Where the walk ended, or stands while open (state key `tree/node`). */
    node?: string;
    kind: 'fix' | 'escalate' | 'question' | 'input' | 'end';
    text: string;
  };
  timeline: TimelineEntry[];
}

/** What building a transcript needs: today's trees and the probe catalog. */
export interface TranscriptDeps {
  compiled: CompiledTrees;
  catalog: ReadonlyMap<string, ProbeDescriptor>;
}
