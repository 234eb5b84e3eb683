// `eas-doctor check HOST[:PORT]`: reads the arguments, runs the sweep (src/check/run-check.ts)
// and shows it as a live checklist, then a verdict and the tree node to continue at. What
// Remote Connectivity Analyzer does for ActiveSync, from inside the network.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { checkHeading, runCheck, type CheckOptions, type StepReport, type StepStatus } from '../../check/run-check.js';
import { EXCHANGE_ONLINE_TARGET } from '../../probes/check-targets.js';
import { isHostname } from '../../probes/params.js';
import { parseResolverSpec } from '../../probes/lib/resolve.js';
import { palette } from '../../util/colour.js';
import { basicUserName } from '../../probes/lib/credentials.js';
import { OUR_VERSIONS } from '../../probes/lib/eas/versions.js';
import { dataDirFor } from '../../transcript/data-dir.js';
import { storedDeviceId } from '../device-identity.js';
import { safeText } from '../../util/safe-text.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions, printStyled } from '../io.js';
import { printDocument } from '../json.js';
import { SECRET_ENV, parseTimeout, readSecret } from './probe.js';

export type { StepReport } from '../../check/run-check.js';

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

const BADGES: Record<StepStatus, string> = { pass: 'pass', warn: 'warn', fail: 'FAIL', skip: 'skip' };

interface Options extends OutputOptions {
  user?: string;
  domain?: string;
  email?: string;
  ca?: string;
  resolver?: string;
  insecure?: boolean;
  timeout?: string;
  password?: string;
  connectTo?: string;
  path?: string;
  httpPort?: string;
  deviceId?: string;
  deviceType?: string;
  userAgent?: string;
  easVersion?: string;
  ping?: string;
  dataDir?: string;
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
    const connectTo = values.connectTo?.replace(/^\[(.*)\]$/, '$1');
    if (connectTo !== undefined && isIP(connectTo) === 0) problems.push(`--connect-to: "${values.connectTo}" is not an IP address: give the address to test, e.g. --connect-to 10.0.0.25 (the name still goes in SNI and Host)`);
    if (values.path !== undefined && !/^\/[^\s?#]*$/.test(values.path)) problems.push(`--path: "${values.path}" is not a path: give the virtual directory as it follows the host, e.g. --path /Microsoft-Server-ActiveSync`);
    const httpPort = values.httpPort === undefined ? undefined : Number(values.httpPort);
    if (httpPort !== undefined && !(/^\d+$/.test(values.httpPort!) && httpPort >= 1 && httpPort <= 65535)) problems.push(`--http-port: "${values.httpPort}" is not a port number between 1 and 65535`);
    for (const [flag, value] of [['--device-id', values.deviceId], ['--device-type', values.deviceType]] as const) {
      if (value !== undefined && !/^[A-Za-z0-9]{1,32}$/.test(value)) problems.push(`${flag}: "${value}" must be 1 to 32 letters and digits (as ActiveSync devices send it, e.g. ApplF17XXXXXXXX or iPhone)`);
    }
    if (values.easVersion !== undefined && !(OUR_VERSIONS as readonly string[]).includes(values.easVersion)) problems.push(`--eas-version: "${values.easVersion}" is not one of ${OUR_VERSIONS.join(', ')}`);
    if (values.ping !== undefined && !(/^\d+$/.test(values.ping) && Number(values.ping) >= 1 && Number(values.ping) <= 3600)) problems.push(`--ping: "${values.ping}" is not a heartbeat in seconds between 1 and 3600 (e.g. --ping 300)`);
    const conversationFlag = (['deviceId', 'deviceType', 'userAgent', 'easVersion', 'ping'] as const).find((k) => values[k] !== undefined);
    if (conversationFlag && values.user === undefined) problems.push(`--${conversationFlag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} shapes the ActiveSync conversation, which runs only with --user: add --user NAME`);
    if (problems.length) throw new UsageError(problems.join('\n'));

    const { host, port } = target;
    let password: string | undefined;
    if (values.user || values.email) {
      password = await readSecret(io, `Password for ${values.user ?? values.email}: `, SECRET_ENV.password!);
      if (password === undefined && values.user) throw new UsageError(`no password for ${values.user}: run in a terminal to be asked, or set ${SECRET_ENV.password} (never on the command line)`);
    }
    // One test device per user and machine, kept in the data folder: one partnership, not one per run.
    const deviceId = values.user ? (values.deviceId ?? storedDeviceId(dataDirFor(io.env, values.dataDir, io.cwd), basicUserName(values.user, values.domain))) : undefined;
    const options: CheckOptions = {
      host,
      port,
      insecure: values.insecure ?? false,
      ...(values.user ? { user: values.user } : {}),
      ...(values.domain ? { domain: values.domain } : {}),
      ...(values.email ? { email: values.email } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(ca ? { ca } : {}),
      ...(values.resolver ? { resolver: values.resolver } : {}),
      ...(connectTo ? { connectTo } : {}),
      ...(values.path ? { path: values.path } : {}),
      ...(httpPort ? { httpPort } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(deviceId ? { deviceId } : {}),
      ...(values.deviceType ? { deviceType: values.deviceType } : {}),
      ...(values.userAgent ? { userAgent: values.userAgent } : {}),
      ...(values.easVersion ? { easVersion: values.easVersion } : {}),
      ...(values.ping ? { pingSeconds: Number(values.ping) } : {}),
    };

    const live = !values.json && !!io.stdout.isTTY;
    const c = palette(io.stdout, io.env, values.color);
    const COLOURS: Record<StepStatus, (s: string) => string> = { pass: c.green, warn: c.yellow, fail: c.red, skip: c.gray };
    // The summary carries what the server said: made safe, then our own colour around the badge
    // (println would show the colour codes themselves as escapes).
    const printLine = (r: StepReport) => printStyled(io.stdout, `  ${COLOURS[r.status](`[${BADGES[r.status]}]`)}`, ` ${r.label.padEnd(16)} ${r.summary}`);
    if (!values.json) {
      println(io.stdout, checkHeading(options));
      if (options.insecure) println(io.stdout, '  --insecure: the password may be sent over unverified TLS or plain HTTP in this run');
    }
    const outcome = await runCheck(options, {
      now: io.now,
      onStepStart: (step) => {
        if (live) io.stdout.write(`  [....] ${step.label.padEnd(16)} running ${step.probe}...`);
      },
      ...(live ? { onProgress: (step: { label: string }, action: string) => io.stdout.write(`\r\x1b[2K  [....] ${step.label.padEnd(16)} ${safeText(action).slice(0, Math.max(20, (io.stdout.columns || 80) - 26))}`) } : {}),
      onStepDone: (report) => {
        if (live && report.status !== 'skip') io.stdout.write('\r\x1b[2K');
        if (!values.json) printLine(report);
      },
    });
    const { steps, verdict, problem, continueAt, totalMs } = outcome;
    if (values.json) {
      printDocument(io, 'check', { host, port, ...(connectTo ? { connectTo } : {}), insecure: options.insecure, verdict, problem: problem ? { step: problem.step, probe: problem.probe, classification: problem.classification } : null, continueAt, totalMs, steps });
    } else {
      println(io.stdout);
      if (verdict === 'pass' && continueAt === EXCHANGE_ONLINE_TARGET) println(io.stdout, `Verdict: all checks passed (${totalMs} ms), and Autodiscover says the mailbox is in Exchange Online: continue at ${continueAt}.`);
      else if (verdict === 'pass') println(io.stdout, `Verdict: all checks passed (${totalMs} ms). The server side answers; if the phone still fails, continue at ${continueAt}.`);
      else println(io.stdout, `Verdict: ${verdict === 'fail' ? 'problem found' : 'passed with a warning'} at ${problem!.label}: ${problem!.classification}. ${safeText(problem!.summary)}`);
      if (verdict !== 'pass') println(io.stdout, `Continue at: ${continueAt}`);
    }
    return verdict === 'fail' ? 1 : 0;
  },
};
