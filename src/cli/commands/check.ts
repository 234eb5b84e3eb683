// `eas-doctor check HOST[:PORT]`: the sweep DNS -> TCP -> TLS -> OPTIONS -> authenticated
// OPTIONS -> Autodiscover, shown as a live checklist, then a verdict and the tree node to
// continue at. What Remote Connectivity Analyzer does for ActiveSync, from inside the network.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { probeCatalog } from '../../probes/catalog.js';
import { ALL_PASS_TARGET, checkTarget } from '../../probes/check-targets.js';
import { isHostname } from '../../probes/params.js';
import { runProbe } from '../../probes/registry.js';
import { parseResolverSpec } from '../../probes/lib/resolve.js';
import type { ProbeParams, ProbeResult, Verdict } from '../../probes/types.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { SECRET_ENV, parseTimeout, readSecret, verdictOf } from './probe.js';

/** One line of the checklist. */
interface Step {
  key: string;
  label: string;
  probe: string;
  params: ProbeParams;
  secrets?: Record<string, string>;
  /** Runs only when this returns undefined; otherwise the reason it is skipped. */
  skipIf?: () => string | undefined;
}

type Status = Verdict | 'skip';

/** A finished step, as printed and as `--json` emits it. */
export interface StepReport {
  step: string;
  label: string;
  probe: string;
  params: ProbeParams;
  status: Status;
  classification?: string;
  summary: string;
  evidence?: Record<string, unknown>;
  durationMs: number;
}

/** Splits HOST[:PORT] (IPv6 in brackets); throws a UsageError that shows the right form. */
export function parseTarget(raw: string): { host: string; port: number } {
  const fix = 'give the host name as on the phone, e.g. mail.contoso.com or mail.contoso.com:443';
  if (/^[a-z]+:\/\//i.test(raw) || raw.includes('/')) throw new UsageError(`"${raw}" looks like a URL: ${fix} (no https:// and no path)`);
  let host = raw;
  let port: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d*))?$/.exec(raw);
  if (v6) [, host = '', port] = v6;
  else if (isIP(raw) !== 6 && raw.includes(':')) [host = '', port] = raw.split(':', 2) as [string, string];
  if (!isHostname(host)) throw new UsageError(`"${host}" is not a host name or IP address: ${fix}`);
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) throw new UsageError(`port "${port}" is not a number between 1 and 65535: ${fix}`);
  return { host, port: port === undefined ? 443 : Number(port) };
}

const COLOURS: Record<Status, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', skip: '\x1b[90m' };
const BADGES: Record<Status, string> = { pass: 'pass', warn: 'warn', fail: 'FAIL', skip: 'skip' };

interface Options extends OutputOptions {
  user?: string;
  domain?: string;
  email?: string;
  ca?: string;
  resolver?: string;
  insecure?: boolean;
  timeout?: string;
  password?: string;
}

export const command: Command<Options> = {
  async run({ args: positionals, opts }: CommandInput<Options>, io: CliIO): Promise<number> {
    const values = { ...opts };
    if (values.password !== undefined) throw new UsageError(`passwords are never taken from the command line: you will be asked, or set ${SECRET_ENV.password}`);
    // Collect every problem with the arguments, then report them together.
    const problems: string[] = [];
    const fail = (f: () => void) => {
      try {
        f();
      } catch (err) {
        if (err instanceof UsageError) problems.push(err.message);
        else throw err;
      }
    };
    if (positionals.length === 0) throw new UsageError('which host? e.g. eas-doctor check mail.contoso.com');
    if (positionals.length > 1) problems.push(`one host only; unexpected "${positionals[1]}"`);
    let target = { host: '', port: 443 };
    fail(() => (target = parseTarget(positionals[0]!)));
    let timeoutMs: number | undefined;
    fail(() => (timeoutMs = parseTimeout(values.timeout)));
    // EAS_DOCTOR_RESOLVER is the default DNS server for every command's probes.
    values.resolver ??= io.env.EAS_DOCTOR_RESOLVER || undefined;
    if (values.resolver !== undefined) {
      const r = parseResolverSpec(values.resolver);
      if ('error' in r) problems.push(`--resolver: ${r.error}`);
    }
    const ca = values.ca === undefined ? undefined : isAbsolute(values.ca) ? values.ca : resolve(io.cwd, values.ca);
    if (ca !== undefined) {
      let pem: string | undefined;
      try {
        pem = readFileSync(ca, 'utf8');
      } catch {
        problems.push(`--ca: cannot read "${values.ca}": give the path of a PEM file with your root CA certificate`);
      }
      if (pem !== undefined && !pem.includes('-----BEGIN CERTIFICATE-----')) problems.push(`--ca: "${values.ca}" holds no PEM certificate; export the root as Base-64 (PEM), not DER`);
    }
    if (values.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) problems.push(`--email: "${values.email}" is not an e-mail address (user@contoso.com)`);
    if (values.user !== undefined && values.user.trim() === '') problems.push('--user: empty user name');
    if (values.domain !== undefined && values.user === undefined) problems.push('--domain only qualifies --user: add --user NAME (or drop --domain)');
    if (problems.length) throw new UsageError(problems.join('\n'));

    const { host, port } = target;
    const resolver = values.resolver;
    const insecure = values.insecure ?? false;
    let password: string | undefined;
    if (values.user || values.email) {
      password = await readSecret(io, `Password for ${values.user ?? values.email}: `, SECRET_ENV.password!);
      if (password === undefined && values.user) throw new UsageError(`no password for ${values.user}: run in a terminal to be asked, or set ${SECRET_ENV.password} (never on the command line)`);
    }

    const common = { host, port, ...(resolver ? { resolver } : {}) };
    const tlsCommon = { ...common, ...(ca ? { ca } : {}) };
    const reports = new Map<string, StepReport>();
    const failed = (key: string, ...classes: string[]) => {
      const r = reports.get(key);
      if (!r) return false;
      return r.status === 'skip' || (classes.length ? classes.includes(r.classification ?? '') : r.status === 'fail');
    };
    const steps: Step[] = [
      { key: 'dns', label: 'DNS', probe: 'dns.lookup', params: { host, ...(resolver ? { resolver } : {}) } },
      { key: 'tcp', label: 'TCP', probe: 'tcp.connect', params: common, skipIf: () => (failed('dns') ? 'no address to connect to' : undefined) },
      { key: 'tls', label: 'TLS', probe: 'tls.certificate', params: tlsCommon, skipIf: () => (failed('tcp') ? 'no TCP connection' : undefined) },
      {
        key: 'options',
        label: 'OPTIONS',
        probe: 'eas.options',
        params: tlsCommon,
        skipIf: () => (failed('tcp') || failed('tls', 'handshake-failed', 'connect-failed', 'timeout', 'error') ? 'no TLS connection' : undefined),
      },
    ];
    if (values.user) {
      steps.push({
        key: 'auth',
        label: 'OPTIONS as user',
        probe: 'eas.options',
        params: { ...tlsCommon, user: values.user, ...(values.domain ? { domain: values.domain } : {}) },
        secrets: password !== undefined ? { password } : {},
        skipIf: () => {
          const o = reports.get('options');
          if (!o || o.status === 'skip') return 'OPTIONS did not run';
          return o.classification === 'auth-required' || o.classification === 'ok' ? undefined : `OPTIONS ended ${o.classification}`;
        },
      });
    }
    if (values.email) {
      steps.push({
        key: 'autodiscover',
        label: 'Autodiscover',
        probe: 'eas.autodiscover',
        params: { email: values.email, port, ...(values.user ? { user: values.user.includes('\\') || values.user.includes('@') || !values.domain ? values.user : `${values.domain}\\${values.user}` } : {}), ...(ca ? { ca } : {}), ...(resolver ? { resolver } : {}) },
        secrets: password !== undefined ? { password } : {},
      });
    }

    const live = !values.json && !!io.stdout.isTTY;
    const colour = live && !io.env.NO_COLOR;
    const paint = (s: Status, text: string) => (colour ? `${COLOURS[s]}${text}\x1b[0m` : text);
    const line = (r: StepReport) => `  ${paint(r.status, `[${BADGES[r.status]}]`)} ${r.label.padEnd(16)} ${r.summary}`;
    if (!values.json) {
      println(io.stdout, `eas-doctor check ${host}:${port}${resolver ? ` (DNS: ${resolver})` : ''}`);
      if (insecure) println(io.stdout, '  --insecure: the password may be sent over unverified TLS or plain HTTP in this run');
    }
    const started = io.now();
    for (const step of steps) {
      const skip = step.skipIf?.();
      let report: StepReport;
      if (skip) {
        report = { step: step.key, label: step.label, probe: step.probe, params: step.params, status: 'skip', summary: `skipped: ${skip}`, durationMs: 0 };
      } else {
        if (live) io.stdout.write(`  [....] ${step.label.padEnd(16)} running ${step.probe}...`);
        const d = probeCatalog.get(step.probe)!;
        const controller = new AbortController();
        const result: ProbeResult = await runProbe(step.probe, step.params, {
          signal: controller.signal,
          deadline: io.now() + (timeoutMs ?? d.defaultTimeoutMs ?? 10_000),
          now: io.now,
          secrets: step.secrets,
          insecure,
          ...(live ? { onProgress: (action: string) => io.stdout.write(`\r\x1b[2K  [....] ${step.label.padEnd(16)} ${action.slice(0, Math.max(20, (io.stdout.columns || 80) - 26))}`) } : {}),
        });
        report = {
          step: step.key,
          label: step.label,
          probe: step.probe,
          params: step.params,
          status: verdictOf(d, result.classification),
          classification: result.classification,
          summary: result.summary,
          evidence: result.evidence,
          durationMs: result.durationMs,
        };
        if (live) io.stdout.write('\r\x1b[2K');
      }
      reports.set(step.key, report);
      if (!values.json) println(io.stdout, line(report));
    }
    const all = [...reports.values()];
    const problem = all.find((r) => r.status === 'fail') ?? all.find((r) => r.status === 'warn');
    const verdict: Verdict = all.some((r) => r.status === 'fail') ? 'fail' : all.some((r) => r.status === 'warn') ? 'warn' : 'pass';
    const continueAt = problem ? checkTarget(problem.probe, problem.classification ?? '') : ALL_PASS_TARGET;
    const totalMs = io.now() - started;
    if (values.json) {
      println(io.stdout, JSON.stringify({ host, port, insecure, verdict, problem: problem ? { step: problem.step, probe: problem.probe, classification: problem.classification } : null, continueAt, totalMs, steps: all }, null, 2));
    } else {
      println(io.stdout);
      if (verdict === 'pass') println(io.stdout, `Verdict: all checks passed (${totalMs} ms). The server side answers; if the phone still fails, continue at ${continueAt}.`);
      else println(io.stdout, `Verdict: ${verdict === 'fail' ? 'problem found' : 'passed with a warning'} at ${problem!.label}: ${problem!.classification}. ${problem!.summary}`);
      if (verdict !== 'pass') println(io.stdout, `Continue at: ${continueAt}`);
    }
    return verdict === 'fail' ? 1 : 0;
  },
};
