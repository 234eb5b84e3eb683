// Builds IIS W3C log text for tests: one request per object, Exchange's field set by default.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildStories, findStory, scanFiles, type ScanOptions } from '../../src/evidence/index.js';

export const FIELDS_14 =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
export const FIELDS_15 =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

/** One request. Defaults: front end (443), POST Sync, 200, cs-username DOMAIN\user. */
export interface Req {
  at: string;
  user: string;
  device?: string;
  type?: string;
  cmd?: string;
  method?: string;
  status?: number;
  sub?: number;
  /** cs-username; `-` for none. */
  name?: string;
  log?: string;
  /** Back end: port 444, /Proxy/ stem, c-ip = the front end. */
  proxy?: boolean;
  date?: string;
}

/** A W3C line in the 14-field layout (or 15 with cs(Referer)). */
export function line(r: Req, referer = false): string {
  const stem = r.proxy ? '/Microsoft-Server-ActiveSync/Proxy/default.eas' : '/Microsoft-Server-ActiveSync/default.eas';
  const q = [`User=${r.user}`, `DeviceId=${r.device ?? `DEV${r.user.toUpperCase()}`}`, `DeviceType=${r.type ?? 'iPhone'}`];
  if (r.method !== 'OPTIONS') q.push(`Cmd=${r.cmd ?? 'Sync'}`);
  if (r.log !== undefined) q.push(`Log=${r.log}`);
  const fields = [
    r.date ?? '2024-05-01',
    r.at,
    r.proxy ? '10.0.0.20' : '10.0.0.10',
    r.method ?? 'POST',
    stem,
    q.join('&'),
    r.proxy ? '444' : '443',
    r.name ?? `DOMAIN\\${r.user}`,
    r.proxy ? '10.0.0.10' : '203.0.113.7',
    'Apple-iPhone15C2/2104.180',
    ...(referer ? ['-'] : []),
    String(r.status ?? 200),
    String(r.sub ?? 0),
    '0',
    '31',
  ];
  return fields.join(' ');
}

/** A whole log file: IIS directives, then the lines, CRLF like IIS writes them. */
export function logText(reqs: readonly Req[], fields = FIELDS_14): string {
  const referer = fields.includes('cs(Referer)');
  return ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Date: 2024-05-01 00:00:00', `#Fields: ${fields}`, ...reqs.map((r) => line(r, referer))].join('\r\n') + '\r\n';
}

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'eas-logs-'));
}

/** Writes files (name -> text or bytes) into a fresh folder; returns their paths in order. */
export function writeLogs(files: Record<string, string | Uint8Array>): string[] {
  const dir = tempDir();
  return Object.entries(files).map(([name, body]) => {
    const p = path.join(dir, name);
    writeFileSync(p, body);
    return p;
  });
}

/** Scans files and returns the scan, the stories and one user's story. */
export async function storyOf(paths: string[], user: string, opts: ScanOptions = {}) {
  const scan = await scanFiles(paths, opts);
  const stories = buildStories(scan);
  return { scan, stories, story: findStory(stories, { user }) };
}
