import type { ProbeDescriptor } from '../types.js';

export const tlsLegacy = {
  id: 'tls.legacy',
  title: 'TLS versions (1.0 to 1.3)',
  describe: 'check which TLS versions (1.0, 1.1, 1.2, 1.3) {{host}} port {{port}} accepts',
  params: {
    host: { type: 'hostname', doc: 'Host name or IP address', required: true },
    port: { type: 'port', doc: 'TLS port', default: 443 },
    resolver: { type: 'host-port', doc: 'DNS server to resolve the host with, IP or IP:PORT' },
    address: { type: 'ip', doc: 'Connect to this IP address instead of resolving host (like curl --connect-to); SNI and Host still carry host' },
  },
  classifications: ['legacy-accepted', 'legacy-refused', 'tls13-only', 'legacy-only', 'handshake-failed', 'connect-failed'],
  // TLS 1.2 is what every current device speaks: without it (only 1.0/1.1) modern devices
  // cannot connect; with only 1.3, older ones cannot. 1.0/1.1 still on is a security warning.
  verdicts: { 'legacy-accepted': 'warn', 'legacy-refused': 'pass', 'tls13-only': 'warn', 'legacy-only': 'fail', 'handshake-failed': 'fail', 'connect-failed': 'fail' },
  defaultTimeoutMs: 8000,
} as const satisfies ProbeDescriptor;
