// An ActiveSync server of our own for what Z-Push cannot produce: it holds a healthy
// conversation (449 until provisioned, both Provision phases, FolderSync, Settings, Sync) and
// lets a test replace the answer to any command with exact bytes, headers or behaviour.
import http from 'node:http';
import https from 'node:https';
import { testCerts } from './certs.js';
import { EAS_HEADERS } from './eas-server.js';
import { healthyAnswer as healthy, type Answer } from './eas-healthy.js';
import { listen, type Running } from './tls-servers.js';


/** cmd -> answer, or a function of how many times that command was seen (0-based). */
export type Script = Partial<Record<string, Answer | ((n: number, req: { policyKey?: string; body: Buffer }) => Answer | undefined)>>;

export type { Answer };

export interface ConversationServer extends Running {
  script: Script;
  requests: { method: string; cmd?: string; policyKey?: string; authorization?: string; url: string }[];
  /** Forgets the script, the requests and the per-command counts. */
  reset(): void;
}

export const USER = 'CONTOSO\\user1';
export const PASSWORD = 'Secret-Pa55';
const WBXML = { 'Content-Type': 'application/vnd.ms-sync.wbxml' };

/** "03016a00..." -> bytes, spaces allowed. */
export const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

export async function startConversationServer(o: { tls?: boolean } = {}): Promise<ConversationServer> {
  const certs = testCerts();
  const seen = new Map<string, number>();
  const state = {
    script: {} as Script,
    requests: [] as ConversationServer['requests'],
    reset() {
      state.script = {};
      state.requests.length = 0;
      seen.clear();
    },
  };
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cmd = url.searchParams.get('Cmd') ?? undefined;
    const key = req.headers['x-ms-policykey'] as string | undefined;
    state.requests.push({ method: req.method ?? '', cmd, policyKey: key, authorization: req.headers.authorization, url: req.url ?? '' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.authorization !== expected) return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' }).end();
      if (req.method === 'OPTIONS') return void res.writeHead(200, EAS_HEADERS).end();
      const body = Buffer.concat(chunks);
      const n = seen.get(cmd ?? '') ?? 0;
      seen.set(cmd ?? '', n + 1);
      const scripted = state.script[cmd ?? ''];
      let answer = (typeof scripted === 'function' ? scripted(n, { policyKey: key, body }) : scripted) ?? healthy(cmd ?? '', key, body);
      if (answer.delayMs !== undefined && answer.status === undefined && answer.body === undefined && !answer.raw) answer = { ...healthy(cmd ?? '', key, body), delayMs: answer.delayMs };
      const send = () => {
        if (res.destroyed) return;
        if (answer.raw) return answer.raw(res);
        const status = answer.status ?? 200;
        res.writeHead(status, { ...(status === 200 && answer.body instanceof Uint8Array ? WBXML : {}), ...answer.headers });
        res.end(answer.body === undefined ? undefined : Buffer.from(answer.body));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  };
  const server = (o.tls ?? true) ? https.createServer({ cert: certs.chainPem, key: certs.valid.keyPem }, handler) : http.createServer(handler);
  const running = await listen(server);
  return Object.assign(state, running);
}
