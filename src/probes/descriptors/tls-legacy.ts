import type { ProbeDescriptor } from '../types.js';

export const tlsLegacy = {
  id: 'tls.legacy',
  title: 'Legacy TLS (1.0 / 1.1)',
  describe: 'check whether {{host}} port {{port}} still accepts TLS 1.0 or 1.1',
  params: {
    host: { type: 'hostname', doc: 'Host name or IP address', required: true },
    port: { type: 'port', doc: 'TLS port', default: 443 },
    resolver: { type: 'host-port', doc: 'DNS server to resolve the host with, IP or IP:PORT' },
  },
  classifications: ['legacy-accepted', 'legacy-refused', 'handshake-failed', 'connect-failed'],
  // Neither answer is wrong in itself: old devices need legacy TLS, security wants it off.
  verdicts: { 'legacy-accepted': 'warn', 'legacy-refused': 'pass', 'handshake-failed': 'fail', 'connect-failed': 'fail' },
  defaultTimeoutMs: 8000,
} as const satisfies ProbeDescriptor;
