import type { ProbeDescriptor } from '../types.js';

export const dnsAutodiscover = {
  id: 'dns.autodiscover',
  title: 'Autodiscover DNS records',
  describe: 'look up autodiscover.{{domain}} and SRV _autodiscover._tcp.{{domain}}',
  params: {
    domain: { type: 'hostname', doc: 'Mail domain (the part after @ in the address)', required: true },
    resolver: { type: 'host-port', doc: 'DNS server to ask, IP or IP:PORT; the system resolver when absent' },
  },
  classifications: ['host-and-srv', 'host-only', 'srv-only', 'not-found', 'servfail', 'timeout'],
  verdicts: { 'host-and-srv': 'pass', 'host-only': 'pass', 'srv-only': 'pass', 'not-found': 'fail', servfail: 'fail', timeout: 'fail' },
  defaultTimeoutMs: 5000,
} as const satisfies ProbeDescriptor;
