import type { ProbeDescriptor } from '../types.js';

export const tlsCertificate = {
  id: 'tls.certificate',
  title: 'TLS certificate',
  describe: 'check the certificate {{host}} port {{port}} serves',
  params: {
    host: { type: 'hostname', doc: 'Host name the devices use (sent as SNI and checked against the certificate)', required: true },
    port: { type: 'port', doc: 'TLS port', default: 443 },
    ca: { type: 'path', doc: 'Extra CA certificate (PEM) to trust, e.g. an internal root' },
    resolver: { type: 'host-port', doc: 'DNS server to resolve the host with, IP or IP:PORT' },
    address: { type: 'ip', doc: 'Connect to this IP address instead of resolving host (like curl --connect-to); SNI and Host still carry host' },
  },
  classifications: ['ok', 'expired', 'not-yet-valid', 'name-mismatch', 'self-signed', 'untrusted-root', 'incomplete-chain', 'weak', 'expiring-soon', 'handshake-failed', 'connect-failed'],
  verdicts: {
    ok: 'pass',
    expired: 'fail',
    'not-yet-valid': 'fail',
    'name-mismatch': 'fail',
    'self-signed': 'fail',
    'untrusted-root': 'fail',
    'incomplete-chain': 'fail',
    // Modern devices refuse SHA-1 signatures and RSA keys under 2048 bits: they cannot connect.
    weak: 'fail',
    'expiring-soon': 'warn',
    'handshake-failed': 'fail',
    'connect-failed': 'fail',
  },
  defaultTimeoutMs: 8000,
} as const satisfies ProbeDescriptor;
