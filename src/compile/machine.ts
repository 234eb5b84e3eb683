// Provides the implementations the plain config names — guards, actions, the probe actor —
// and builds the XState machine with setup(...).createMachine(config).
import { assign, fromPromise, setup, type AnyStateMachine } from 'xstate';
import type { ProbeParams, ProbeResult, ProbeRunner } from '../probes/types.js';
import type { PlainMachineConfig } from './compile.js';

/** A probe's result as the session keeps it: what ran, with which parameters, and what it found. */
export interface ProbeOutcome extends ProbeResult {
  probe: string;
  params: ProbeParams;
  /** The state key of the question it answered. */
  node: string;
}

/** The machine's context: inputs typed so far and the latest probe outcome per question. */
export interface WalkContext {
  inputs: Record<string, string>;
  probes: Record<string, ProbeOutcome>;
}

/** Events the machine understands. */
export type WalkEvent =
  | { type: 'ANSWER'; key: string }
  | { type: 'INPUT'; name: string; value: string }
  | { type: 'PROBE.RUN' }
  | { type: 'PROBE.CANCEL' }
  | { type: 'PROBE.RECORDED'; outcome: ProbeOutcome }
  | { type: 'FIX.RESOLVED' }
  | { type: 'FIX.UNRESOLVED' };

/** What the probe actor is invoked with (plain data from the compiler). */
export interface ProbeInvokeInput {
  use: string;
  with: Record<string, string | number | boolean>;
  timeoutMs?: number;
  node: string;
}

/** The parts of the outside world the machine's implementations use. */
export interface MachineDeps {
  runner: ProbeRunner;
  now: () => number;
  /** Inputs at the moment a probe starts (the actor cannot read the machine's context). */
  inputs: () => Record<string, string>;
  /** Secrets (passwords) typed this session, kept in memory only. */
  secrets: () => Record<string, string>;
  /** Default probe timeout when the tree gives none. */
  timeoutFor: (probe: string) => number;
  insecure?: boolean;
  /** Default DNS server for probes (see ProbeContext.resolver). */
  resolver?: string;
  onProgress?: (action: string) => void;
}

/** Fills `{{name}}` placeholders from the inputs; unknown names are left as written. */
export function fill(text: string, inputs: Record<string, string>): string {
  // Own properties only: {{constructor}} must not reach Object.prototype ("function Object()").
  return text.replace(/\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(inputs, name) ? inputs[name]! : whole));
}

/** Fills placeholders in probe parameters; a parameter that is just one placeholder keeps the input's text. */
export function fillParams(params: Record<string, string | number | boolean>, inputs: Record<string, string>): ProbeParams {
  const out: ProbeParams = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'string' ? fill(v, inputs) : v;
  return out;
}

/** Builds the machine from a compiled config and the implementations. */
export function createWalkMachine(config: PlainMachineConfig, deps: MachineDeps): AnyStateMachine {
  return setup({
    types: {} as { context: WalkContext; events: WalkEvent },
    guards: {
      answerIs: ({ event }, params: { key: string }) => event.type === 'ANSWER' && event.key === params.key,
    },
    actions: {
      setInput: assign(({ context, event }) => (event.type === 'INPUT' ? { inputs: { ...context.inputs, [event.name]: event.value } } : {})),
      recordProbe: assign(({ context, event }) => {
        const outcome = event.type === 'PROBE.RECORDED' ? event.outcome : (event as unknown as { output: ProbeOutcome }).output;
        return { probes: { ...context.probes, [outcome.node]: outcome } };
      }),
    },
    actors: {
      probe: fromPromise<ProbeOutcome, ProbeInvokeInput>(async ({ input, signal }) => {
        // A parameter that names a secret input (a password) travels in ctx.secrets under the
        // parameter's name, never in params: params are recorded in journals and transcripts.
        const secretInputs = deps.secrets();
        const secrets: Record<string, string> = {};
        const plain: Record<string, string | number | boolean> = {};
        for (const [k, v] of Object.entries(input.with)) {
          const only = typeof v === 'string' ? /^\{\{\s*([A-Za-z0-9_-]+)\s*\}\}$/.exec(v) : null;
          if (only && Object.hasOwn(secretInputs, only[1]!)) secrets[k] = secretInputs[only[1]!]!;
          else plain[k] = v;
        }
        const params = fillParams(plain, deps.inputs());
        const timeout = input.timeoutMs ?? deps.timeoutFor(input.use);
        const started = deps.now();
        try {
          const result = await deps.runner(input.use, params, {
            signal,
            deadline: started + timeout,
            now: deps.now,
            secrets,
            insecure: deps.insecure,
            resolver: deps.resolver,
            onProgress: deps.onProgress,
          });
          return { ...result, probe: input.use, params, node: input.node };
        } catch (err) {
          // A runner that throws is a failed probe, an outcome the tree can map like any other.
          const message = err instanceof Error ? err.message : String(err);
          return { classification: 'error', summary: `${input.use} failed: ${message}`, evidence: { error: message }, durationMs: deps.now() - started, probe: input.use, params, node: input.node };
        }
      }),
    },
  }).createMachine({ ...config, context: { inputs: {}, probes: {} } } as never) as unknown as AnyStateMachine;
}
