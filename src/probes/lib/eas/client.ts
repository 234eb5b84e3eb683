// One ActiveSync command over HTTP ([MS-ASHTTP] 2.2.1): POST to the endpoint with the plain
// query parameters Cmd, User, DeviceId and DeviceType, WBXML in and out, Basic credentials,
// MS-ASProtocolVersion and X-MS-PolicyKey headers. A redirect is followed only within the same
// origin; to another origin it is reported and not followed, so Authorization never leaves the
// host the user named (browsers drop it across origins too).
import type { LookupFunction } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { ProbeContext } from '../../types.js';
import { basicAuth } from '../credentials.js';
import { httpRequest, type HttpResponse, type TlsFacts } from '../http.js';
import { decodeWbxml, type WbxmlError } from '../wbxml/decode.js';
import { encodeWbxml, type OutElement } from '../wbxml/encode.js';
import type { WbxmlElement } from '../wbxml/node.js';

/** Who is talking to which endpoint, as which device. */
export interface EasTarget {
  /** The ActiveSync endpoint, e.g. https://mail.contoso.com/Microsoft-Server-ActiveSync. */
  url: URL;
  user: string;
  password: string;
  deviceId: string;
  deviceType: string;
  userAgent: string;
  version: string;
  /** One TLS context for every command of the conversation. */
  secureContext?: SecureContext;
  lookup?: LookupFunction;
  insecure: boolean;
}

/** The policy key sent with a request: none, 0 (not provisioned yet), the temporary or the final one. */
export type PolicyKeyState = 'none' | 'zero' | 'temporary' | 'final';

/** One command's HTTP exchange and its decoded body. */
export interface Exchange {
  cmd: string;
  response: HttpResponse;
  ms: number;
  policyKey: PolicyKeyState;
  /** The decoded WBXML root, when the body was WBXML. */
  doc?: WbxmlElement;
  /** The body was not valid WBXML: where and why. */
  wbxmlError?: WbxmlError;
  /** A 200 whose body is text (HTML, a logon page) rather than WBXML. */
  notWbxml?: boolean;
  /** Tags the code pages do not define (decoded and kept, named `page N:0xTT`), at most 10. */
  unknownTags?: string[];
  /** Same-origin redirects followed, and a cross-origin one that was not. */
  redirects: { location: string; followed: boolean; credentialsSent: boolean }[];
  tls?: TlsFacts;
}

/** Responses are read up to 1 MiB: a Sync of five items with truncated bodies is far smaller. */
export const MAX_EAS_BODY = 1024 * 1024;
const MAX_REDIRECTS = 3;

/** Sends one command; rejects with an HttpFailure when no HTTP answer came. */
export async function postCommand(t: EasTarget, cmd: string, body: OutElement | undefined, key: { value: string; state: PolicyKeyState } | undefined, ctx: ProbeContext): Promise<Exchange> {
  const query = new URLSearchParams({ Cmd: cmd, User: t.user, DeviceId: t.deviceId, DeviceType: t.deviceType });
  let url = new URL(`${t.url.href}?${query}`);
  const payload = body ? encodeWbxml(body) : undefined;
  const headers: Record<string, string> = {
    authorization: basicAuth(t.user, t.password),
    'ms-asprotocolversion': t.version,
    'user-agent': t.userAgent,
    accept: '*/*',
    ...(payload ? { 'content-type': 'application/vnd.ms-sync.wbxml' } : {}),
    ...(key ? { 'x-ms-policykey': key.value } : {}),
  };
  const redirects: Exchange['redirects'] = [];
  const started = ctx.now();
  for (;;) {
    const response = await httpRequest({ method: 'POST', url, headers, body: payload ?? '', secureContext: t.secureContext, lookup: t.lookup, rejectUnauthorized: !t.insecure, maxBodyBytes: MAX_EAS_BODY }, ctx);
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      let next: URL | undefined;
      try {
        next = new URL(location, url);
      } catch {
        next = undefined;
      }
      const sameOrigin = next?.origin === url.origin;
      if (next && sameOrigin && redirects.length < MAX_REDIRECTS) {
        redirects.push({ location: next.href, followed: true, credentialsSent: true });
        url = next;
        continue;
      }
      redirects.push({ location: next?.href ?? location, followed: false, credentialsSent: false });
    }
    return { cmd, response, ms: ctx.now() - started, policyKey: key?.state ?? 'none', redirects, tls: response.tls, ...readBody(response) };
  }
}

function readBody(r: HttpResponse): Pick<Exchange, 'doc' | 'wbxmlError' | 'notWbxml' | 'unknownTags'> {
  const raw = r.raw ?? Buffer.from(r.body, 'utf8');
  if (r.status !== 200 || raw.length === 0) return {};
  const type = r.headers['content-type'] ?? '';
  if (!/wbxml/i.test(type) && raw[0] !== 0x03) return { notWbxml: true };
  const decoded = decodeWbxml(raw);
  if (!decoded.ok) return { wbxmlError: decoded.error };
  const unknown = [...new Set(decoded.unknown.map((u) => u.name))].slice(0, 10);
  return { doc: decoded.root, ...(unknown.length ? { unknownTags: unknown } : {}) };
}

/** The first line of an error page's text, tags and controls removed, for evidence. */
export function firstTextLine(body: string): string | undefined {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim())
    .find((l) => l.length > 0);
  return text ? text.slice(0, 200) : undefined;
}
