// `eas-doctor probe ID [--param key=value ...]`: runs one probe and prints its
// classification, summary and evidence. Secrets are asked (masked) or read from the
// environment, never taken from the command line, never printed.
import { readFileSync } from 'node:fs';
import { probeCatalog } from '../../probes/catalog.js';
import { coerceParams } from '../../probes/params.js';
import { runProbe } from '../../probes/registry.js';
import type { ProbeDescriptor, ProbeParams, ProbeResult, Verdict } from '../../probes/types.js';
import { safeText } from '../../util/safe-text.js';
import { suggest } from '../../util/suggest.js';
import { basicUserName } from '../../probes/lib/credentials.js';
import { dataDirFor } from '../../transcript/data-dir.js';
import { storedDeviceId } from '../device-identity.js';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';

/** Environment variables that hold secrets for automation. */
export const SECRET_ENV: Readonly<Record<string, string>> = { password: 'EAS_DOCTOR_PASSWORD', passphrase: 'EAS_DOCTOR_KEY_PASSPHRASE' };

/**
 * Reads a secret: from its environment variable when set, else with a masked prompt when
 * stdin is a terminal; undefined when neither is possible.
 */
export async function readSecret(io: CliIO, prompt: string, envName: string): Promise<string | undefined> {
  const fromEnv = io.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const stdin = io.stdin;
  if (!stdin.isTTY || !stdin.setRawMode) return undefined;
  io.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new Error('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') {
          if (value) {
            value = value.slice(0, -1);
            io.stderr.write('\b \b');
          }
        } else if (ch >= ' ') {
          value += ch;
          io.stderr.write('*');
        }
      }
    };
    stdin.on('data', onData);
  });
}

/** Parses `--timeout MS`: a whole number of milliseconds, 100 to 600000. */
export function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 100 || n > 600_000) throw new UsageError(`--timeout: "${raw}" is not a time in milliseconds between 100 and 600000 (e.g. --timeout 5000)`);
  return n;
}

/** The verdict a result reads as: the descriptor's, with timeout and error as failures. */
export function verdictOf(d: ProbeDescriptor, classification: string): Verdict {
  return d.verdicts[classification] ?? 'fail';
}

/** Asks for the secrets this probe can use, given its params (a password only with a user). */
export async function secretsFor(d: ProbeDescriptor, params: ProbeParams, io: CliIO): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  if (d.secrets?.password && (params.user || d.id === 'eas.autodiscover')) {
    const who = String(params.user ?? params.email ?? '');
    const pw = await readSecret(io, `Password for ${who}: `, SECRET_ENV.password!);
    if (pw !== undefined) secrets.password = pw;
    else if (params.user) throw new UsageError(`no password for ${who}: run in a terminal to be asked, or set ${SECRET_ENV.password} (passwords are never taken from the command line)`);
  }
  if (d.secrets?.passphrase && (params.pfx || params.key)) {
    const file = String(params.pfx ?? params.key);
    let encrypted = !!params.pfx;
    try {
      encrypted ||= readFileSync(file, 'utf8').includes('ENCRYPTED');
    } catch {
      /* the probe reports an unreadable file */
    }
    if (encrypted) {
      const pp = await readSecret(io, `Passphrase for ${file} (Enter for none): `, SECRET_ENV.passphrase!);
      if (pp) secrets.passphrase = pp;
    }
  }
  return secrets;
}

const BADGE: Record<Verdict, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

function printEvidence(io: CliIO, value: unknown, indent: string): void {
  if (value === null || typeof value !== 'object') {
    println(io.stdout, `${indent}${safeText(JSON.stringify(value) ?? String(value))}`);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => typeof x !== 'object'))) {
      println(io.stdout, `${indent}${safeText(k)}:`);
      printEvidence(io, v, indent + '  ');
    } else {
      // Evidence holds what the server sent (certificate names, Autodiscover messages, headers):
      // one value per line, so a line feed in it is escaped too.
      println(io.stdout, `${indent}${safeText(k)}: ${safeText(Array.isArray(v) ? v.join(', ') : String(v))}`);
    }
  }
}

function parseParamFlags(values: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const p of values) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param "${p}" must be key=value (e.g. --param host=mail.contoso.com)`);
    raw[p.slice(0, eq).trim()] = p.slice(eq + 1);
  }
  return raw;
}

function probeList(): string {
  return [...probeCatalog.values()].map((d) => `  ${d.id.padEnd(18)} ${d.title}`).join('\n');
}

/** `probe ID --help`: the probe's parameters, secrets and classifications, for tree authors. */
export function probeHelp(argv: string[]): string | undefined {
  const id = argv.find((a) => !a.startsWith('-'));
  const d = id ? probeCatalog.get(id) : undefined;
  if (!d) return undefined;
  const lines = [`${d.id}: ${d.title} — ${d.describe}`, '', 'Parameters (--param NAME=VALUE, or "with:" in a tree):'];
  for (const [name, p] of Object.entries(d.params)) {
    const extra = [p.required ? 'required' : undefined, p.default !== undefined ? `default ${p.default}` : undefined, p.values ? `one of ${p.values.join(', ')}` : undefined].filter(Boolean).join('; ');
    lines.push(`  ${name.padEnd(14)} ${p.type.padEnd(9)} ${p.doc}${extra ? ` (${extra})` : ''}`);
  }
  if (d.secrets && Object.keys(d.secrets).length) {
    lines.push('', 'Secrets (asked with masked input; in a tree, pass "{{INPUT}}" of an input with format: secret):');
    for (const [name, doc] of Object.entries(d.secrets)) lines.push(`  ${name.padEnd(14)} ${doc}`);
  }
  lines.push('', 'Classifications (what "map:" in a tree can send to answers), with their verdicts:');
  for (const c of d.classifications) lines.push(`  ${c.padEnd(22)} ${d.verdicts[c] ?? ''}`);
  for (const u of ['timeout', 'error']) if (!d.classifications.includes(u)) lines.push(`  ${u.padEnd(22)} fail (any probe)`);
  lines.push('', `Default deadline: ${d.defaultTimeoutMs ?? 10000} ms.`, '', `Example: eas-doctor probe ${d.id} ${Object.entries(d.params).filter(([, p]) => p.required).map(([n]) => `--param ${n}=…`).join(' ')}`.trimEnd());
  return lines.join('\n');
}

interface Options extends OutputOptions {
  param: string[];
  timeout?: string;
  insecure?: boolean;
}

export const command: Command<Options> = {
  help: (args) => probeHelp(args) ?? `Probes:
${probeList()}`,
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    const [id, ...extra] = positionals;
    if (!id) throw new UsageError(`which probe? Give its id, one of:\n${probeList()}`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}": give parameters as --param key=value`);
    const d = probeCatalog.get(id);
    if (!d) {
      const hint = suggest(id, probeCatalog.keys());
      throw new UsageError(`unknown probe "${id}".${hint ? ` Did you mean "${hint}"?` : ''} Probes: ${[...probeCatalog.keys()].join(', ')}`);
    }
    const timeoutMs = parseTimeout(values.timeout) ?? d.defaultTimeoutMs ?? 10_000;
    const { params, errors } = coerceParams(d, parseParamFlags(values.param), io.cwd);
    if (errors.length) {
      const docs = Object.entries(d.params)
        .map(([k, s]) => `  ${k} (${s.type}${s.required ? ', required' : s.default !== undefined ? `, default ${s.default}` : ''}): ${s.doc}`)
        .join('\n');
      throw new UsageError(`${errors.join('\n')}\nParameters of ${d.id}:\n${docs}`);
    }
    // eas.sync speaks as this machine's test device for the user unless told otherwise: one partnership.
    if (d.id === 'eas.sync' && params.user !== undefined && params.deviceId === undefined) {
      const stored = storedDeviceId(dataDirFor(io.env, undefined, io.cwd), basicUserName(String(params.user), params.domain === undefined ? undefined : String(params.domain)));
      if (stored) params.deviceId = stored;
    }
    const secrets = await secretsFor(d, params, io);
    const controller = new AbortController();
    const result: ProbeResult = await runProbe(id, params, {
      signal: controller.signal,
      deadline: io.now() + timeoutMs,
      now: io.now,
      secrets,
      insecure: values.insecure ?? false,
      // A --param resolver=... wins; otherwise EAS_DOCTOR_RESOLVER, like every command's probes.
      resolver: io.env.EAS_DOCTOR_RESOLVER || undefined,
    });
    const verdict = verdictOf(d, result.classification);
    if (values.json) {
      printDocument(io, 'probe', { probe: id, params, insecure: values.insecure ?? false, verdict, ...result });
    } else {
      println(io.stdout, `${BADGE[verdict]}  ${d.title}: ${result.classification}`);
      println(io.stdout, `      ${safeText(result.summary)}`);
      if (values.insecure) println(io.stdout, `      (--insecure: credentials were allowed over unverified TLS or plain HTTP for this run)`);
      println(io.stdout, `      evidence (${result.durationMs} ms):`);
      printEvidence(io, result.evidence, '        ');
    }
    return verdict === 'fail' ? 1 : 0;
  },
};
