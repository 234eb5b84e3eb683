// The `check` sweep without the terminal: which steps run (DNS -> TCP -> TLS -> TLS versions
// -> OPTIONS -> authenticated OPTIONS -> the ActiveSync conversation -> Autodiscover), what each skips on, how a step's
// classification becomes pass / warn / fail, the verdict and the tree node to continue at.
// The CLI parses arguments and prints; tests run this with loopback servers.
import { isIP } from 'node:net';
import { probeCatalog } from '../probes/catalog.js';
import { STEP_TARGETS, allPassTarget, checkTarget, type CheckTreeTarget } from '../probes/check-targets.js';
import { hostPort } from '../probes/lib/host-port.js';
import { runProbe } from '../probes/registry.js';
import type { ProbeParams, ProbeResult, ProbeRunner, Verdict } from '../probes/types.js';
import { conversationReports } from './conversation-steps.js';

/** What to check and how; the CLI fills it from the command line. */
export interface CheckOptions {
  host: string;
  port: number;
  user?: string;
  domain?: string;
  email?: string;
  /** Kept in memory for this run; never in a report. */
  password?: string;
  /** Extra CA certificate (PEM file path). */
  ca?: string;
  /** `--resolver`: the DNS server the DNS step asks *and* every connection follows. */
  resolver?: string;
  /**
   * The DNS server the DNS step asks when no `resolver` is given: the system's own servers
   * when absent. Connections still follow the OS resolver. Tests point it at loopback.
   */
  systemDns?: string;
  /** `--connect-to`: connect to this address; SNI and Host still carry `host`. */
  connectTo?: string;
  /** `--path`: the ActiveSync virtual directory, when not /Microsoft-Server-ActiveSync. */
  path?: string;
  /** `--http-port`: the port of Autodiscover's plain-HTTP redirect step (80 by default). */
  httpPort?: number;
  insecure: boolean;
  /** Limit per step; each probe's own default when absent. */
  timeoutMs?: number;
  /** The test device the conversation claims to be (the user's phone, to reproduce it). */
  deviceId?: string;
  deviceType?: string;
  userAgent?: string;
  /** The ActiveSync protocol version to speak instead of the highest both sides know. */
  easVersion?: string;
  /** Ping with this heartbeat (seconds) after Sync; no Ping when absent. */
  pingSeconds?: number;
}

export type StepStatus = Verdict | 'skip';

/** A finished step, as printed and as `--json` emits it. */
export interface StepReport {
  step: string;
  label: string;
  probe: string;
  params: ProbeParams;
  status: StepStatus;
  classification?: string;
  summary: string;
  evidence?: Record<string, unknown>;
  durationMs: number;
  /** Where to continue when this step is the problem, if not where its probe's classification leads. */
  continueAt?: CheckTreeTarget;
}

/** The sweep's answer. */
export interface CheckOutcome {
  steps: StepReport[];
  verdict: Verdict;
  /** The first failing step, else the first warning. */
  problem?: StepReport;
  continueAt: CheckTreeTarget | undefined;
  totalMs: number;
}

/** What the sweep reports while it runs, and what it runs probes with. */
export interface CheckHooks {
  now: () => number;
  /** The probe runner; the real one by default. */
  runner?: ProbeRunner;
  onStepStart?(step: { key: string; label: string; probe: string }): void;
  onProgress?(step: { key: string; label: string }, action: string): void;
  onStepDone?(report: StepReport): void;
}

/** One line of the checklist before it runs. */
interface Step {
  key: string;
  label: string;
  probe: string;
  params: ProbeParams;
  secrets?: Record<string, string>;
  /** Runs only when this returns undefined; otherwise the reason it is skipped. */
  skipIf?: () => string | undefined;
  /** Parameters known only once earlier steps ran (the URL Autodiscover returned). */
  prepare?: () => ProbeParams;
  /** Adjusts the report after the run (a DNS failure is a warning when --connect-to says where to go). */
  adjust?: (r: StepReport) => StepReport;
  /** One run shown as several steps (the ActiveSync conversation). */
  expand?: (r: StepReport) => StepReport[];
  /** Added to the step's deadline (a Ping holds the connection this long). */
  extraMs?: number;
}

/** Where connections go: a fixed address, the named DNS server's answer, or (neither) the OS resolver. */
function reach(o: CheckOptions): ProbeParams {
  if (o.connectTo) return { address: o.connectTo };
  return o.resolver ? { resolver: o.resolver } : {};
}

/** The steps for these options, in order; skip rules read the reports gathered so far. */
function plan(o: CheckOptions, reports: Map<string, StepReport>): Step[] {
  const { host, port } = o;
  const common: ProbeParams = { host, port, ...reach(o) };
  const tlsCommon: ProbeParams = { ...common, ...(o.ca ? { ca: o.ca } : {}) };
  const easCommon: ProbeParams = { ...tlsCommon, ...(o.path ? { path: o.path } : {}) };
  const failed = (key: string, ...classes: string[]) => {
    const r = reports.get(key);
    if (!r) return false;
    return r.status === 'skip' || (classes.length ? classes.includes(r.classification ?? '') : r.status === 'fail');
  };
  const noTls = () => failed('tcp') || failed('tls', 'handshake-failed', 'connect-failed', 'timeout', 'error');
  const secrets: Record<string, string> = o.password !== undefined ? { password: o.password } : {};
  const steps: Step[] = [
    {
      key: 'dns',
      label: 'DNS',
      probe: 'dns.lookup',
      // Without --resolver the checks connect where the OS resolver points: the DNS step says
      // what DNS answers and where the two differ (a hosts-file entry).
      params: { host, ...(o.resolver ? { resolver: o.resolver } : { ...(o.systemDns ? { resolver: o.systemDns } : {}), os: true }) },
      adjust: (r) => (o.connectTo && r.status === 'fail' ? { ...r, status: 'warn', summary: `${r.summary} (--connect-to: the checks connect to ${o.connectTo})` } : r),
    },
    { key: 'tcp', label: 'TCP', probe: 'tcp.connect', params: common, skipIf: () => (!o.connectTo && failed('dns') ? 'no address to connect to' : undefined) },
    { key: 'tls', label: 'TLS', probe: 'tls.certificate', params: tlsCommon, skipIf: () => (failed('tcp') ? 'no TCP connection' : undefined) },
    { key: 'tls-versions', label: 'TLS versions', probe: 'tls.legacy', params: common, skipIf: () => (failed('tcp') ? 'no TCP connection' : undefined) },
    { key: 'options', label: 'OPTIONS', probe: 'eas.options', params: easCommon, skipIf: () => (noTls() ? 'no TLS connection' : undefined) },
  ];
  if (o.user) {
    steps.push({
      key: 'auth',
      label: 'OPTIONS as user',
      probe: 'eas.options',
      params: { ...easCommon, user: o.user, ...(o.domain ? { domain: o.domain } : {}) },
      secrets,
      skipIf: () => {
        const r = reports.get('options');
        if (!r || r.status === 'skip') return 'OPTIONS did not run';
        return r.classification === 'auth-required' || r.classification === 'ok' ? undefined : `OPTIONS ended ${r.classification}`;
      },
    });
  }
  const ping = (o.pingSeconds ?? 0) > 0;
  steps.push({
    key: 'conversation',
    label: 'Provision',
    probe: 'eas.sync',
    params: {
      ...easCommon,
      ...(o.user ? { user: o.user } : {}),
      ...(o.domain ? { domain: o.domain } : {}),
      ...(o.deviceId ? { deviceId: o.deviceId } : {}),
      ...(o.deviceType ? { deviceType: o.deviceType } : {}),
      ...(o.userAgent ? { userAgent: o.userAgent } : {}),
      ...(o.easVersion ? { version: o.easVersion } : {}),
      ...(ping ? { ping: o.pingSeconds } : {}),
    },
    secrets,
    extraMs: ping ? (o.pingSeconds ?? 0) * 1000 : 0,
    skipIf: () => {
      if (!o.user) return 'no --user: the conversation needs an account (the user\'s, or a test account on the same mailbox database)';
      const r = reports.get('auth');
      if (!r || r.status === 'skip') return 'OPTIONS as user did not run';
      return r.status === 'fail' ? `OPTIONS as user ended ${r.classification}` : undefined;
    },
    expand: (r) => conversationReports(r, ping),
  });
  if (o.email) {
    const user = o.user ? (o.user.includes('\\') || o.user.includes('@') || !o.domain ? o.user : `${o.domain}\\${o.user}`) : undefined;
    steps.push({
      key: 'autodiscover',
      label: 'Autodiscover',
      probe: 'eas.autodiscover',
      params: { email: o.email, port, ...(o.httpPort ? { httpPort: o.httpPort } : {}), ...(user ? { user } : {}), ...(o.ca ? { ca: o.ca } : {}), ...(o.resolver ? { resolver: o.resolver } : {}) },
      secrets,
    });
    steps.push(discoveredUrlStep(o, reports));
  }
  return steps;
}

/** Names devices on the internet cannot resolve: one label, or a suffix kept for private networks. */
export function isInternalName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (isIP(name)) return false;
  return !name.includes('.') || /\.(local|localdomain|lan|internal|intranet|corp|home|private|home\.arpa)$/.test(name);
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);

/**
 * The URL Autodiscover returned, compared with HOST: when it names another host or port, it
 * is resolved and sent OPTIONS too, because that is where devices will go. An internal name
 * fails however it resolves here: devices on the internet cannot resolve it.
 */
function discoveredUrlStep(o: CheckOptions, reports: Map<string, StepReport>): Step {
  const discovered = (): URL | undefined => {
    const raw = reports.get('autodiscover')?.evidence?.easUrl;
    try {
      return typeof raw === 'string' ? new URL(raw) : undefined;
    } catch {
      return undefined;
    }
  };
  const target = () => {
    const url = discovered()!;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'http:' ? 80 : 443)), url };
  };
  return {
    key: 'autodiscover-url',
    label: 'Autodiscover URL',
    probe: 'eas.options',
    params: {},
    skipIf: () => {
      const url = discovered();
      if (!url) return 'Autodiscover gave no ActiveSync URL';
      if (reports.get('autodiscover')?.evidence?.service === 'exchange-online') return `the mailbox is in Exchange Online (${url.host}): Microsoft's endpoint, not yours`;
      const t = target();
      return t.host.toLowerCase() === o.host.toLowerCase() && t.port === o.port ? `the URL names ${hostPort(o.host, o.port)}, checked above` : undefined;
    },
    prepare: () => {
      const t = target();
      const same = t.host.toLowerCase() === o.host.toLowerCase();
      return {
        host: t.host,
        port: t.port,
        scheme: t.url.protocol === 'http:' ? 'http' : 'https',
        path: t.url.pathname,
        ...(same ? reach(o) : o.resolver ? { resolver: o.resolver } : {}),
        ...(o.ca ? { ca: o.ca } : {}),
      };
    },
    adjust: (r) => {
      const t = target();
      const where = `Autodiscover hands out ${t.url.href}`;
      if (isInternalName(t.host)) {
        return { ...r, status: 'fail', classification: 'internal-name', summary: `${where}, an internal name: devices on the internet cannot resolve it (${r.summary})`, continueAt: STEP_TARGETS['autodiscover-url'] };
      }
      const code = String(r.evidence?.code ?? '');
      if (r.classification === 'connect-failed' && DNS_CODES.has(code)) {
        return { ...r, summary: `${where}, a name that does not resolve here (${code}): devices cannot reach it`, continueAt: STEP_TARGETS['autodiscover-url'] };
      }
      if (r.status === 'fail' && (r.classification === 'connect-failed' || r.classification === 'timeout')) return { ...r, summary: `${where}: ${r.summary}`, continueAt: STEP_TARGETS['autodiscover-url'] };
      return { ...r, summary: `${where}: ${r.summary}` };
    },
  };
}

/** The first line of the output: what is checked, and how names are reached. */
export function checkHeading(o: CheckOptions): string {
  const how = o.connectTo ? ` (connecting to ${o.connectTo})` : o.resolver ? ` (DNS: ${o.resolver})` : '';
  return `eas-doctor check ${hostPort(o.host, o.port)}${how}`;
}

/** Runs every step in order and returns the reports, the verdict and where to continue. */
export async function runCheck(o: CheckOptions, hooks: CheckHooks): Promise<CheckOutcome> {
  const runner = hooks.runner ?? runProbe;
  const reports = new Map<string, StepReport>();
  const started = hooks.now();
  for (const step of plan(o, reports)) {
    const skip = step.skipIf?.();
    let report: StepReport;
    if (skip) {
      report = { step: step.key, label: step.label, probe: step.probe, params: step.params, status: 'skip', summary: `skipped: ${skip}`, durationMs: 0 };
    } else {
      hooks.onStepStart?.(step);
      const d = probeCatalog.get(step.probe)!;
      const params = step.prepare?.() ?? step.params;
      const result: ProbeResult = await runner(step.probe, params, {
        signal: new AbortController().signal,
        deadline: hooks.now() + (o.timeoutMs ?? d.defaultTimeoutMs ?? 10_000) + (step.extraMs ?? 0),
        now: hooks.now,
        secrets: step.secrets,
        insecure: o.insecure,
        ...(hooks.onProgress ? { onProgress: (action: string) => hooks.onProgress!(step, action) } : {}),
      });
      report = {
        step: step.key,
        label: step.label,
        probe: step.probe,
        params,
        status: d.verdicts[result.classification] ?? 'fail',
        classification: result.classification,
        summary: result.summary,
        evidence: result.evidence,
        durationMs: result.durationMs,
      };
      report = step.adjust?.(report) ?? report;
    }
    for (const r of step.expand?.(report) ?? [report]) {
      reports.set(r.step, r);
      hooks.onStepDone?.(r);
    }
  }
  const steps = [...reports.values()];
  const problem = steps.find((r) => r.status === 'fail') ?? steps.find((r) => r.status === 'warn');
  const verdict: Verdict = steps.some((r) => r.status === 'fail') ? 'fail' : problem ? 'warn' : 'pass';
  return { steps, verdict, problem, continueAt: problem ? (problem.continueAt ?? checkTarget(problem.probe, problem.classification ?? '')) : allPassTarget(steps), totalMs: hooks.now() - started };
}
