import type { ProbeDescriptor } from '../types.js';

export const tcpConnect = {
  id: 'tcp.connect',
  title: 'TCP connection',
  describe: 'connect to {{host}} port {{port}}',
  params: {
    host: { type: 'hostname', doc: 'Host name or IP address to connect to', required: true },
    port: { type: 'port', doc: 'TCP port', default: 443 },
    resolver: { type: 'host-port', doc: 'DNS server to resolve the host with, IP or IP:PORT; the system resolver when absent' },
    address: { type: 'ip', doc: 'Connect to this IP address instead of resolving host (like curl --connect-to); SNI and Host still carry host' },
  },
  classifications: ['connected', 'refused', 'timeout', 'unreachable', 'dns-failed'],
  verdicts: { connected: 'pass', refused: 'fail', timeout: 'fail', unreachable: 'fail', 'dns-failed': 'fail' },
  defaultTimeoutMs: 5000,
} as const satisfies ProbeDescriptor;
