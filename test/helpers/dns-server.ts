// A tiny authoritative DNS server on UDP loopback for the DNS probes: A, AAAA, CNAME
// (followed within the zone, as real servers do), SRV, NXDOMAIN, SERVFAIL, and names it
// never answers. Wire format per RFC 1035, written here; no compression on output.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface SrvRecord {
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  SRV?: SrvRecord[];
  /** Answer SERVFAIL for this name. */
  servfail?: boolean;
  /** Never answer (the resolver times out). */
  silent?: boolean;
}

export type Zone = Record<string, ZoneEntry>;

export interface DnsServer {
  /** `127.0.0.1:PORT`, the form the probes' `resolver` param takes. */
  spec: string;
  port: number;
  zone: Zone;
  /** Queries seen, as "NAME TYPE". */
  queries: string[];
  close(): Promise<void>;
}

const TYPE = { A: 1, CNAME: 5, AAAA: 28, SRV: 33 } as const;
const TYPE_NAME: Record<number, string> = { 1: 'A', 5: 'CNAME', 28: 'AAAA', 33: 'SRV' };

function readName(msg: Buffer, at: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = at;
  let end = -1;
  for (let guard = 0; guard < 128; guard++) {
    const n = msg[i]!;
    if (n === 0) {
      i += 1;
      break;
    }
    if ((n & 0xc0) === 0xc0) {
      if (end < 0) end = i + 2;
      i = ((n & 0x3f) << 8) | msg[i + 1]!;
      continue;
    }
    labels.push(msg.toString('ascii', i + 1, i + 1 + n));
    i += 1 + n;
  }
  return { name: labels.join('.').toLowerCase(), end: end < 0 ? i : end };
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'ascii')])), Buffer.from([0])]);
}

function rr(name: string, type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(1, 2); // IN
  head.writeUInt32BE(60, 4); // TTL
  head.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), head, rdata]);
}

function ipv6(addr: string): Buffer {
  const [head = '', tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = addr.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.from(groups.map((g: string) => g.padStart(4, '0')).join(''), 'hex');
}

function records(name: string, type: number, e: ZoneEntry): Buffer[] {
  if (type === TYPE.A) return (e.A ?? []).map((ip) => rr(name, type, Buffer.from(ip.split('.').map(Number))));
  if (type === TYPE.AAAA) return (e.AAAA ?? []).map((ip) => rr(name, type, ipv6(ip)));
  if (type === TYPE.SRV) {
    return (e.SRV ?? []).map((s) => {
      const fixed = Buffer.alloc(6);
      fixed.writeUInt16BE(s.priority, 0);
      fixed.writeUInt16BE(s.weight, 2);
      fixed.writeUInt16BE(s.port, 4);
      return rr(name, type, Buffer.concat([fixed, encodeName(s.target)]));
    });
  }
  return [];
}

/** Builds the answer to one query; undefined to stay silent. */
export function answer(query: Buffer, zone: Zone, log?: string[]): Buffer | undefined {
  if (query.length < 12) return undefined;
  const id = query.readUInt16BE(0);
  const rd = query[2]! & 0x01;
  const q = readName(query, 12);
  const qtype = query.readUInt16BE(q.end);
  const question = query.subarray(12, q.end + 4);
  log?.push(`${q.name} ${TYPE_NAME[qtype] ?? qtype}`);
  let rcode = 0;
  const answers: Buffer[] = [];
  let name = q.name;
  for (let hop = 0; hop < 10; hop++) {
    const e = zone[name];
    if (!e) {
      if (hop === 0) rcode = 3; // NXDOMAIN
      break;
    }
    if (e.silent) return undefined;
    if (e.servfail) {
      rcode = 2;
      break;
    }
    if (e.CNAME && qtype !== TYPE.CNAME) {
      answers.push(rr(name, TYPE.CNAME, encodeName(e.CNAME)));
      name = e.CNAME.toLowerCase();
      continue;
    }
    if (qtype === TYPE.CNAME && e.CNAME) answers.push(rr(name, TYPE.CNAME, encodeName(e.CNAME)));
    else answers.push(...records(name, qtype, e));
    break;
  }
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header[2] = 0x84 | rd; // QR, AA, RD echoed
  header[3] = 0x80 | rcode; // RA
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, question, ...answers]);
}

/** Starts the server on 127.0.0.1, port 0. */
export async function startDnsServer(zone: Zone): Promise<DnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  const server: DnsServer = { spec: '', port: 0, zone, queries, close: () => new Promise<void>((r) => socket.close(() => r())) };
  socket.on('message', (msg, rinfo) => {
    let reply: Buffer | undefined;
    try {
      reply = answer(msg, server.zone, queries);
    } catch {
      return;
    }
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  server.port = (socket.address() as AddressInfo).port;
  server.spec = `127.0.0.1:${server.port}`;
  return server;
}

/** A zone where contoso.test and its hosts live on loopback, for the HTTP probes. */
export function contosoZone(extra: Zone = {}): Zone {
  return {
    'contoso.test': { A: ['127.0.0.1'] },
    'mail.contoso.test': { A: ['127.0.0.1'] },
    'autodiscover.contoso.test': { CNAME: 'mail.contoso.test' },
    ...extra,
  };
}
