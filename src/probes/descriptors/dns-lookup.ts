import type { ProbeDescriptor } from '../types.js';

export const dnsLookup = {
  id: 'dns.lookup',
  title: 'DNS lookup',
  describe: 'look up {{host}} in DNS (A, AAAA and the CNAME chain)',
  params: {
    host: { type: 'hostname', doc: 'Host name to resolve', required: true },
    resolver: { type: 'host-port', doc: 'DNS server to ask, IP or IP:PORT; the system resolver when absent' },
    os: { type: 'boolean', doc: "Also resolve the name as this machine's OS does (hosts file, then DNS) and say where the two differ; on when no resolver is given" },
  },
  classifications: ['resolved', 'local-only', 'differs', 'nxdomain', 'no-records', 'servfail', 'timeout'],
  // local-only: DNS has no address but this machine resolves the name (hosts file): the checks
  // reach the server, devices that use DNS do not. differs: both answer, with other addresses.
  verdicts: { resolved: 'pass', 'local-only': 'warn', differs: 'warn', nxdomain: 'fail', 'no-records': 'fail', servfail: 'fail', timeout: 'fail' },
  defaultTimeoutMs: 5000,
} as const satisfies ProbeDescriptor;
