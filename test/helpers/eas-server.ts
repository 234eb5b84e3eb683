// An HTTP(S) server that answers like an Exchange ActiveSync endpoint in one chosen state
// (`behaviour`, switchable between tests), plus the MobileSync Autodiscover endpoint.
import http from 'node:http';
import https from 'node:https';
import { listen, type Running } from './tls-servers.js';
import { testCerts } from './certs.js';
import { healthyAnswer } from './eas-healthy.js';

/** Every state the eas.options probe can tell apart. */
export type EasBehaviour =
  | 'exchange'
  | 'exchange-2013'
  | 'anonymous'
  | 'basic-missing'
  | 'forbidden-403.4'
  | 'forbidden-403.7'
  | 'forms-auth'
  | 'forms-page'
  | 'not-found-404'
  | 'no-header'
  | 'method-blocked'
  | 'redirect-451'
  | 'provisioning-449'
  | 'blocked-456'
  | 'password-expired-457'
  | 'server-error-500'
  | 'throttled-503'
  | 'unavailable-503';

export type AutodiscoverBehaviour = 'ok' | 'error' | 'loop' | 'not-xml' | 'redirect-addr';

export interface EasServer extends Running {
  behaviour: EasBehaviour;
  autodiscover: AutodiscoverBehaviour;
  /** Hosts (Host header, no port) whose /autodiscover answers; others get 404. */
  autodiscoverHosts: Set<string>;
  /** Every request seen: method, url, host, and whether it carried credentials. */
  requests: { method: string; url: string; host: string; authorization?: string; servername?: string }[];
  /** The URL Autodiscover hands out. */
  easUrl: string;
  /** When set, the whole XML body Autodiscover answers with (a hostile or odd server). */
  autodiscoverBody?: string;
}

export interface EasServerOptions {
  /** @default true */
  tls?: boolean;
  /** PEM chain and key; the valid test chain by default. */
  certPem?: string;
  keyPem?: string;
  /** user -> password; both `CONTOSO\user` and `user@contoso.test` forms are accepted. */
  users?: Record<string, string>;
  /** TLS versions accepted. @default TLSv1.2 to TLSv1.3 (Node's) */
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** Where ActiveSync answers. @default '/Microsoft-Server-ActiveSync' */
  easPath?: string;
  /** Address to listen on. @default '127.0.0.1' */
  listenHost?: string;
}

export const EAS_HEADERS = {
  'MS-Server-ActiveSync': '15.1',
  'MS-ASProtocolVersions': '2.0,2.1,2.5,12.0,12.1,14.0,14.1,16.0,16.1',
  'MS-ASProtocolCommands': 'Sync,SendMail,SmartForward,SmartReply,GetAttachment,FolderSync,FolderCreate,FolderDelete,FolderUpdate,MoveItems,GetItemEstimate,MeetingResponse,Search,Settings,Ping,ItemOperations,Provision,ResolveRecipients,ValidateCert',
};

const IIS_PAGE = (code: string, text: string) => `<html><head><title>IIS 10.0 Detailed Error - ${code} - ${text}</title></head><body><h3>HTTP Error ${code} - ${text}</h3></body></html>`;

function checkUser(auth: string | undefined, users: Record<string, string>): 'none' | 'ok' | 'bad' {
  if (!auth?.startsWith('Basic ')) return 'none';
  const [name = '', ...rest] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
  const password = rest.join(':');
  const bare = name.replace(/^contoso\\/i, '').replace(/@contoso\.test$/i, '');
  const qualified = /^contoso\\/i.test(name) || /@contoso\.test$/i.test(name);
  return qualified && users[bare] !== undefined && users[bare] === password ? 'ok' : 'bad';
}

export async function startEasServer(o: EasServerOptions = {}): Promise<EasServer> {
  const certs = testCerts();
  const users = o.users ?? { user1: 'Secret-Pa55' };
  const state = {
    behaviour: 'exchange' as EasBehaviour,
    autodiscover: 'ok' as AutodiscoverBehaviour,
    autodiscoverHosts: new Set(['autodiscover.contoso.test']),
    requests: [] as EasServer['requests'],
    easUrl: '',
    autodiscoverBody: undefined as string | undefined,
  };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', 'http://x');
    const servername = (req.socket as { servername?: string | false }).servername || undefined;
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', host, authorization: req.headers.authorization, ...(servername ? { servername } : {}) });
    const auth = checkUser(req.headers.authorization, users);
    const challenge = () => {
      res.writeHead(401, { 'WWW-Authenticate': ['Basic realm="mail.contoso.test"', 'Negotiate', 'NTLM'], 'Content-Type': 'text/html' });
      res.end(IIS_PAGE('401.1', 'Unauthorized'));
    };
    req.resume();
    if (/^\/autodiscover\/autodiscover\.xml$/i.test(url.pathname)) {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (!state.autodiscoverHosts.has(host)) {
          res.writeHead(404).end(IIS_PAGE('404.0', 'Not Found'));
          return;
        }
        if (state.autodiscover === 'loop') {
          res.writeHead(302, { Location: req.url }).end();
          return;
        }
        if (req.method !== 'POST') {
          res.writeHead(405).end();
          return;
        }
        if (auth !== 'ok') return challenge();
        const email = /<EMailAddress>([^<]*)<\/EMailAddress>/.exec(body)?.[1] ?? '';
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
        if (state.autodiscover === 'not-xml') return void res.end('<html>hello</html>');
        if (state.autodiscoverBody !== undefined) return void res.end(state.autodiscoverBody);
        const inner =
          state.autodiscover === 'error'
            ? `<Response><Error Time="10:00:00" Id="1"><ErrorCode>600</ErrorCode><Message>Invalid Request</Message></Error></Response>`
            : state.autodiscover === 'redirect-addr' && !/\.onmicrosoft\.com$/i.test(email)
            ? `<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006"><Culture>en:us</Culture><User><EMailAddress>${email}</EMailAddress></User><Action><Redirect>${email.replace(/@.*/, '@contoso.mail.onmicrosoft.com')}</Redirect></Action></Response>`
            : `<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006"><Culture>en:us</Culture><User><DisplayName>User One</DisplayName><EMailAddress>${email}</EMailAddress></User><Action><Settings><Server><Type>MobileSync</Type><Url>${state.easUrl}</Url><Name>${state.easUrl}</Name></Server></Settings></Action></Response>`;
        res.end(`<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">${inner}</Autodiscover>`);
      });
      return;
    }
    if (!url.pathname.toLowerCase().startsWith((o.easPath ?? '/Microsoft-Server-ActiveSync').toLowerCase())) {
      res.writeHead(404).end(IIS_PAGE('404.0', 'Not Found'));
      return;
    }
    const b = state.behaviour;
    switch (b) {
      case 'anonymous':
        return void res.writeHead(200, EAS_HEADERS).end();
      case 'basic-missing':
        return void res.writeHead(401, { 'WWW-Authenticate': ['Negotiate', 'NTLM'] }).end(IIS_PAGE('401.2', 'Unauthorized'));
      case 'forbidden-403.4':
        return void res.writeHead(403, { 'Content-Type': 'text/html' }).end(IIS_PAGE('403.4', 'Forbidden'));
      case 'forbidden-403.7':
        return void res.writeHead(403, { 'Content-Type': 'text/html' }).end(IIS_PAGE('403.7', 'Forbidden'));
      case 'forms-auth':
        return void res.writeHead(302, { Location: `https://${host}/owa/auth/logon.aspx?url=https%3a%2f%2f${host}%2fMicrosoft-Server-ActiveSync&reason=0` }).end();
      case 'forms-page':
        return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<form action="/owa/auth.owa" method="POST"><!-- logon.aspx --></form>');
      case 'not-found-404':
        return void res.writeHead(404).end(IIS_PAGE('404.0', 'Not Found'));
      case 'no-header':
        return void res.writeHead(200, { Allow: 'OPTIONS, TRACE, GET, HEAD, POST' }).end();
      case 'method-blocked':
        return void res.writeHead(405, { Allow: 'GET, POST' }).end(IIS_PAGE('405.0', 'Method Not Allowed'));
      case 'unavailable-503':
        return void res.writeHead(503, { 'Content-Type': 'text/html' }).end('<h1>Service Unavailable</h1>');
    }
    if (auth === 'none') return challenge();
    if (auth === 'bad') return challenge();
    switch (b) {
      case 'exchange-2013':
        return void res.writeHead(200, { ...EAS_HEADERS, 'MS-Server-ActiveSync': '15.0', 'MS-ASProtocolVersions': '2.0,2.1,2.5,12.0,12.1,14.0,14.1' }).end();
      case 'exchange': {
        if (req.method !== 'POST') return void res.writeHead(200, EAS_HEADERS).end();
        // The conversation after OPTIONS, as a healthy server holds it.
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const a = healthyAnswer(url.searchParams.get('Cmd') ?? '', req.headers['x-ms-policykey'] as string | undefined, Buffer.concat(chunks));
          res.writeHead(a.status ?? 200, a.body ? { 'Content-Type': 'application/vnd.ms-sync.wbxml' } : {}).end(a.body ? Buffer.from(a.body) : undefined);
        });
        return;
      }
      case 'redirect-451':
        return void res.writeHead(451, { 'X-MS-Location': 'https://mail2.contoso.test/Microsoft-Server-ActiveSync' }).end();
      case 'provisioning-449':
        return void res.writeHead(449).end();
      case 'blocked-456':
        return void res.writeHead(456).end();
      case 'password-expired-457':
        return void res.writeHead(457, { 'X-MS-Credential-Service-Url': 'https://mail.contoso.test/owa' }).end();
      case 'server-error-500':
        return void res.writeHead(500).end(IIS_PAGE('500.0', 'Internal Server Error'));
      case 'throttled-503':
        return void res.writeHead(503, { 'Retry-After': '30', 'X-MS-ASThrottle': 'CommandFrequency' }).end();
    }
  };
  const secure = o.tls ?? true;
  const server = secure
    ? https.createServer({ cert: o.certPem ?? certs.chainPem, key: o.keyPem ?? certs.valid.keyPem, ciphers: 'DEFAULT:@SECLEVEL=0', ...(o.minVersion ? { minVersion: o.minVersion } : {}), ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}) }, handler)
    : http.createServer(handler);
  const running = await listen(server, o.listenHost);
  const out = Object.assign(state, running) as EasServer;
  out.easUrl = `https://mail.contoso.test:${running.port}/Microsoft-Server-ActiveSync`;
  return out;
}

/** A plain-HTTP server whose every GET redirects (302) to `location()`. */
export async function startRedirector(location: () => string): Promise<Running> {
  return listen(http.createServer((req, res) => res.writeHead(302, { Location: location() }).end()));
}
