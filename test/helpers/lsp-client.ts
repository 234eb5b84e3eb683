// A minimal Language Server Protocol client over stdio: what an editor does with
// yaml-language-server, in a test. Messages are JSON-RPC framed by Content-Length headers.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

type Json = unknown;
interface Message {
  id?: number | string;
  method?: string;
  params?: Json;
  result?: Json;
  error?: { message: string };
}

/** Answers the server's own requests (workspace/configuration, vscode/content, ...). */
export type RequestHandler = (method: string, params: Json) => Json | Promise<Json>;

export interface LspClient {
  request<T = Json>(method: string, params: Json): Promise<T>;
  notify(method: string, params: Json): void;
  /** Resolves with the next notification of `method` for which `match` holds. */
  next<T = Json>(method: string, match?: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  stderr(): string;
  close(): Promise<void>;
}

/** Starts yaml-language-server --stdio from node_modules. */
export function startYamlLanguageServer(onRequest: RequestHandler): LspClient {
  const pkg = createRequire(import.meta.url).resolve('yaml-language-server/package.json');
  const bin = path.join(path.dirname(pkg), 'bin', 'yaml-language-server');
  const child = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
  return connect(child, onRequest);
}

function connect(child: ChildProcessWithoutNullStreams, onRequest: RequestHandler): LspClient {
  let buffer = Buffer.alloc(0);
  let stderr = '';
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  const waiters: { method: string; match: (p: Json) => boolean; resolve: (p: Json) => void }[] = [];
  const send = (msg: Message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const dispatch = (msg: Message) => {
    if (msg.method !== undefined && msg.id !== undefined) {
      Promise.resolve()
        .then(() => onRequest(msg.method!, msg.params))
        .then(
          (result) => send({ id: msg.id, result: result ?? null }),
          (e: Error) => send({ id: msg.id, error: { code: -32603, message: e.message } } as Message),
        );
    } else if (msg.method !== undefined) {
      const i = waiters.findIndex((w) => w.method === msg.method && w.match(msg.params));
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(msg.params);
    } else if (typeof msg.id === 'number') {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error.message));
      else p?.resolve(msg.result);
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (buffer.length < end + 4 + length) return;
      const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      buffer = buffer.subarray(end + 4 + length);
      dispatch(JSON.parse(body) as Message);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    request<T>(method: string, params: Json) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: Json) => void, reject });
        send({ id, method, params });
      });
    },
    notify(method, params) {
      send({ method, params });
    },
    next<T>(method: string, match: (p: T) => boolean = () => true, timeoutMs = 15_000) {
      return new Promise<T>((resolve, reject) => {
        const w = { method, match: match as (p: Json) => boolean, resolve: resolve as (p: Json) => void };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`no ${method} within ${timeoutMs} ms; server stderr: ${stderr.slice(-500)}`));
          }
        }, timeoutMs).unref();
      });
    },
    stderr: () => stderr,
    async close() {
      await this.request('shutdown', null).catch(() => undefined);
      this.notify('exit', null);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.on('exit', () => (clearTimeout(t), resolve()));
      });
    },
  };
}
