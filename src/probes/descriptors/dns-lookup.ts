import type { ProbeDescriptor } from '../types.js';

export const dnsLookup = {
  id: 'dns.lookup',
  title: 'DNS lookup',
  describe: 'look up {{host}} in DNS (A, AAAA and the CNAME chain)',
  params: {
    host: { type: 'hostname', doc: 'Host name to resolve', required: true },
    resolver: { type: 'host-port', doc: 'DNS server to ask, IP or IP:PORT; the system resolver when absent' },
  },
  classifications: ['resolved', 'nxdomain', 'no-records', 'servfail', 'timeout'],
  verdicts: { resolved: 'pass', nxdomain: 'fail', 'no-records': 'fail', servfail: 'fail', timeout: 'fail' },
  defaultTimeoutMs: 5000,
} as const satisfies ProbeDescriptor;
