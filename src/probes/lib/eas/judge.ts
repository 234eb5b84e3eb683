// Turns one command's answer into a classification when it did not succeed: the HTTP status
// first ([MS-ASHTTP] 2.2.2.1.1; 3.1.5.2.2 for 451, 3.1.5.2.3 for 503), then the WBXML Status
// ([MS-ASCMD] 2.2.2 for values >= 100, the command's own table below 100).
import { authSchemes, iisSubStatus, isVerificationCode, type HttpFailure } from '../http.js';
import { nameHint } from '../credentials.js';
import { formatWbxmlError } from '../wbxml/decode.js';
import { firstTextLine, type Exchange } from './client.js';
import { COMMAND_STATUS, COMMON_STATUS, statusName } from './status.js';

export interface Failure {
  classification: string;
  summary: string;
  /** Extra evidence: headers that explain the failure, the error page's first line. */
  detail: Record<string, unknown>;
}

const FBA = /\/owa\/auth|logon\.aspx|\/owa\/?(\?|$)|\/CookieAuth\.dll/i;

/** Why an HTTP answer other than 200 means the command failed. */
export function judgeHttp(ex: Exchange, user: string): Failure | undefined {
  const r = ex.response;
  const h = r.headers;
  const cmd = ex.cmd;
  const f = (classification: string, summary: string, detail: Record<string, unknown> = {}): Failure => ({ classification, summary, detail });
  const crossOrigin = ex.redirects.find((x) => !x.followed);
  if (crossOrigin) {
    return f('redirect', `${cmd}: HTTP ${r.status} redirects to ${crossOrigin.location}, another origin: not followed, and the credentials were not sent there (devices do not follow it either)`, { location: crossOrigin.location, credentialsSent: false });
  }
  if (r.status === 200) return undefined;
  const subStatus = iisSubStatus(r.status, r.body);
  const page = firstTextLine(r.body);
  switch (r.status) {
    case 401:
      if (!authSchemes(h).some((s) => s.toLowerCase() === 'basic')) return f('basic-missing', `${cmd}: HTTP 401 and Basic is not offered (${authSchemes(h).join(', ') || 'no scheme'})`);
      return f('bad-credentials', `${cmd}: the server refused the credentials for ${user}: ${nameHint(user)}`);
    case 403:
      // [MS-ASHTTP] 2.2.2.1.1: 403 "The user is not enabled for ActiveSync synchronization";
      // an IIS sub-status (403.4 SSL required, 403.7 client certificate) is the web server instead.
      if (subStatus) return f('forbidden', `${cmd}: HTTP ${subStatus}: the web server refuses the request`, { subStatus });
      return f('user-disabled', `${cmd}: HTTP 403: the user is not enabled for ActiveSync (MS-ASHTTP 403)`);
    case 404:
      return f('not-eas', `${cmd}: HTTP 404: no ActiveSync at ${ex.response.status === 404 ? 'this path' : 'this URL'}`);
    case 449:
      return f('needs-provisioning', `${cmd}: HTTP 449: the device must provision (accept the ActiveSync policy) first`);
    case 451:
      return f('redirect', `${cmd}: HTTP 451: the mailbox is served elsewhere; X-MS-Location says ${h['x-ms-location'] ?? '(missing)'}`, { xMsLocation: h['x-ms-location'] });
    case 456:
      return f('blocked', `${cmd}: HTTP 456: the user's account is blocked`);
    case 457:
      return f('password-expired', `${cmd}: HTTP 457: the password has expired`, { credentialServiceUrl: h['x-ms-credential-service-url'] });
    case 503: {
      const throttle = h['x-ms-asthrottle'];
      const retry = h['retry-after'];
      if (throttle || retry) return f('throttled', `${cmd}: HTTP 503: the server throttles this device${throttle ? ` (X-MS-ASThrottle: ${throttle})` : ''}${retry ? `; retry after ${retry} s` : ''}`, { throttle, retryAfter: retry });
      return f('service-unavailable', `${cmd}: HTTP 503 without Retry-After or X-MS-ASThrottle: the service is unavailable (not throttling)`, page ? { page } : {});
    }
  }
  if (r.status >= 300 && r.status < 400) {
    if (FBA.test(h.location ?? '')) return f('forms-auth', `${cmd}: redirected to a logon page (${h.location}): forms-based authentication is in the way`);
    return f('redirect', `${cmd}: HTTP ${r.status} to ${h.location ?? 'nowhere'}`, { location: h.location });
  }
  if (r.status >= 500) return f('server-error', `${cmd}: HTTP ${r.status}${page ? `: "${page}"` : ''}; the server's event log says why`, page ? { page } : {});
  return f('unexpected-status', `${cmd}: unexpected HTTP ${r.status}${page ? `: "${page}"` : ''}`, page ? { page } : {});
}

/** A 200 whose body is not usable ActiveSync. */
export function judgeBody(ex: Exchange, deadlinePassed: boolean): Failure | undefined {
  const r = ex.response;
  if (r.bodyIncomplete && deadlinePassed) return { classification: 'timeout', summary: `${ex.cmd}: the answer did not finish before the deadline`, detail: {} };
  if (ex.notWbxml) {
    if (FBA.test(r.body)) return { classification: 'forms-auth', summary: `${ex.cmd}: a logon form answered instead of ActiveSync: forms-based authentication is in the way`, detail: {} };
    return { classification: 'bad-response', summary: `${ex.cmd}: HTTP 200 with ${r.headers['content-type'] ?? 'no content type'} instead of WBXML${firstTextLine(r.body) ? `: "${firstTextLine(r.body)}"` : ''}`, detail: {} };
  }
  if (ex.wbxmlError) {
    const why = r.bodyTruncated ? ` (the body is longer than the ${r.raw?.length ?? 0}-byte cap)` : r.bodyIncomplete ? ' (the server broke off the body)' : '';
    return { classification: 'bad-response', summary: `${ex.cmd}: ${formatWbxmlError(ex.wbxmlError)}${why}`, detail: { wbxmlError: ex.wbxmlError } };
  }
  return undefined;
}

/** A WBXML Status that is not success: common codes first, then the command's own meaning. */
export function judgeStatus(cmd: string, status: number | undefined, ok: readonly number[] = [1]): Failure | undefined {
  if (status === undefined || ok.includes(status)) return undefined;
  const common = COMMON_STATUS[status];
  if (common) return { classification: common.classification, summary: `${cmd}: status ${status} ${common.name}: ${common.meaning}`, detail: { easStatusName: common.name } };
  const name = statusName(status) ?? COMMAND_STATUS[cmd]?.[status];
  return { classification: 'command-failed', summary: `${cmd}: status ${status}${name ? ` (${name})` : ''}`, detail: name ? { easStatusName: name } : {} };
}

/** No HTTP answer at all: the transport classifications eas.options uses. */
export function judgeTransport(err: HttpFailure, cmd: string, host: string): Failure {
  if (err.kind === 'stopped') return { classification: 'timeout', summary: `${cmd}: ${host}: ${err.message}`, detail: {} };
  if (err.kind === 'connect') return { classification: 'connect-failed', summary: `${cmd}: could not connect to ${host} (${err.code})`, detail: { code: err.code } };
  if (err.kind === 'tls') {
    if (isStrictTlsRefusal(err)) return { classification: 'credentials-withheld', summary: `${cmd}: credentials were not sent: the TLS certificate of ${host} failed verification (${err.code ?? err.message}); fix the certificate, pass its root with --ca, or use --insecure`, detail: { code: err.code } };
    return { classification: 'handshake-failed', summary: `${cmd}: TLS with ${host} failed: ${err.message}`, detail: { code: err.code } };
  }
  return { classification: 'unexpected-status', summary: `${cmd}: ${host} did not answer HTTP properly: ${err.message}`, detail: { code: err.code } };
}

/** The verified handshake (the only one that carries credentials) refused the certificate. */
export function isStrictTlsRefusal(err: HttpFailure): boolean {
  return err.kind === 'tls' && (isVerificationCode(err.code) || /TOO_SMALL|TOO_WEAK/.test(err.code ?? '') || /too weak|too small/i.test(err.message));
}
