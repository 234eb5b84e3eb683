// eas.sync: the ActiveSync conversation a phone holds -- OPTIONS for the protocol versions,
// then Provision, FolderSync, Settings, a read-only Sync of the Inbox and, when asked, Ping --
// as a clearly named test device. Classifies the first command that did not succeed.
import { createSecureContext } from 'node:tls';
import { VERSION } from '../version.js';
import { easSync as descriptor } from './descriptors/eas-sync.js';
import { classifyOptions } from './eas-options.js';
import { basicAuth, basicUserName } from './lib/credentials.js';
import { remainingMs } from './lib/deadline.js';
import { converse, demandedSettings } from './lib/eas/conversation.js';
import { defaultDeviceId } from './lib/eas/device-id.js';
import { judgeTransport } from './lib/eas/judge.js';
import { chooseVersion } from './lib/eas/versions.js';
import { trustedRoots } from './lib/handshake.js';
import { HttpFailure, httpRequest } from './lib/http.js';
import { connectLookup, reachParams } from './lib/resolve.js';
import type { Evidence, Probe, ProbeContext, ProbeParams, ProbeResult } from './types.js';

/** [MS-ASHTTP] 2.2.1.1.1.1: DeviceId and DeviceType are short alphanumeric strings. */
const DEVICE_TOKEN = /^[A-Za-z0-9]{1,32}$/;


async function run(params: ProbeParams, ctx: ProbeContext): Promise<ProbeResult> {
  const started = ctx.now();
  const host = String(params.host);
  const port = Number(params.port ?? 443);
  const scheme = String(params.scheme ?? 'https');
  const path = String(params.path ?? '/Microsoft-Server-ActiveSync');
  const user = basicUserName(String(params.user), params.domain ? String(params.domain) : undefined);
  const deviceType = String(params.deviceType ?? 'EasDoctor');
  const deviceId = params.deviceId ? String(params.deviceId) : defaultDeviceId(user);
  const userAgent = params.userAgent ? String(params.userAgent) : `EasDoctor/${VERSION}`;
  const password = ctx.secrets?.password;
  const url = new URL(`${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${path.startsWith('/') ? path : `/${path}`}`);
  const base: Evidence = { url: url.href, user, deviceId, deviceType, userAgent, ...(params.address ? { connectTo: String(params.address) } : {}), ...(ctx.insecure ? { insecure: true } : {}) };
  const done = (classification: string, summary: string, evidence: Evidence = {}): ProbeResult => ({ classification, summary, evidence: { ...base, ...evidence }, durationMs: ctx.now() - started });

  const bad = [!DEVICE_TOKEN.test(deviceId) && `deviceId "${deviceId}"`, !DEVICE_TOKEN.test(deviceType) && `deviceType "${deviceType}"`].filter(Boolean);
  if (bad.length) throw new Error(`${bad.join(' and ')} must be 1-32 letters and digits (MS-ASHTTP query parameters)`);
  if (!password) return done('auth-required', `the conversation needs the password for ${user}: none was given, so nothing was sent`);
  // Never send a password where it could be read or phished, unless the user said so.
  if (!ctx.insecure && url.protocol === 'http:') return done('credentials-withheld', `credentials were not sent: ${url.host} is plain HTTP (use --insecure to send them anyway)`);

  const ca = await trustedRoots(params.ca ? String(params.ca) : undefined);
  const secureContext = url.protocol === 'https:' ? createSecureContext({ ca, ...(ctx.insecure ? { ciphers: 'DEFAULT:@SECLEVEL=0', minVersion: 'TLSv1' as const } : {}) }) : undefined;
  const stop = new AbortController();
  const reach = reachParams(params);
  const lookup = connectLookup(reach, remainingMs(ctx), stop.signal);
  try {
    ctx.onProgress?.(`OPTIONS ${url.href} as ${user}`);
    let options;
    try {
      options = await httpRequest({ method: 'OPTIONS', url, secureContext, lookup, rejectUnauthorized: !ctx.insecure, headers: { authorization: basicAuth(user, password), 'user-agent': userAgent } }, ctx);
    } catch (err) {
      if (!(err instanceof HttpFailure)) throw err;
      const f = judgeTransport(err, 'OPTIONS', url.host);
      return done(f.classification, f.summary, { ...f.detail, failedStep: 'options' });
    }
    const o = classifyOptions(options, user);
    if (o.classification !== 'ok') return done(o.classification, `OPTIONS: ${o.summary}`, { options: o.evidence, failedStep: 'options' });
    const serverVersions = (o.evidence.versions as string[] | undefined) ?? [];
    const choice = chooseVersion(serverVersions, params.version ? String(params.version) : undefined);
    if ('error' in choice) return done('version-mismatch', choice.error, { serverVersions, failedStep: 'options' });

    const target = { url, user, password, deviceId, deviceType, userAgent, version: choice.version, secureContext, lookup, insecure: !!ctx.insecure };
    const device = { model: deviceType, friendlyName: 'eas-doctor test device', os: 'eas-doctor', userAgent };
    const r = await converse(target, { device, pingSeconds: Number(params.ping ?? 0) }, ctx);
    const evidence: Evidence = {
      protocolVersion: choice.version,
      versionChosenBy: choice.by,
      serverVersions,
      ...(options.tls ? { tls: options.tls } : {}),
      policy: r.policy,
      ...(r.folderCount !== undefined ? { folderCount: r.folderCount } : {}),
      ...(r.inboxItems !== undefined ? { inboxItems: r.inboxItems } : {}),
      steps: r.steps,
    };
    if (r.failure) return done(r.failure.classification, r.failure.summary, { ...evidence, failedStep: r.failure.step, ...r.failure.detail });
    const demanded = demandedSettings(r.policy.settings);
    const ran = r.steps.filter((s) => s.outcome === 'ok').map((s) => s.step);
    return done('ok', `${ran.join(', ')} succeeded as ${deviceType}/${deviceId} over AS ${choice.version}: ${r.folderCount ?? 0} folders${r.policy.required ? '; a policy is required' : ''}${demanded ? ` (${demanded})` : ''}`, evidence);
  } finally {
    stop.abort();
  }
}

export const probe: Probe = { ...descriptor, run };
