import type { ProbeDescriptor } from '../types.js';

export const easAutodiscover = {
  id: 'eas.autodiscover',
  title: 'ActiveSync Autodiscover',
  describe: 'find the ActiveSync URL for {{email}} with Autodiscover',
  params: {
    email: { type: 'email', doc: 'Mailbox address to discover', required: true },
    user: { type: 'string', doc: 'User name for Basic authentication; the address when absent' },
    port: { type: 'port', doc: 'HTTPS port of the Autodiscover endpoints', default: 443 },
    httpPort: { type: 'port', doc: 'HTTP port for the redirect step', default: 80 },
    ca: { type: 'path', doc: 'Extra CA certificate (PEM) to trust, e.g. an internal root' },
    resolver: { type: 'host-port', doc: 'DNS server to use, IP or IP:PORT' },
  },
  secrets: { password: 'Password for the mailbox (asked, or EAS_DOCTOR_PASSWORD)' },
  classifications: ['found', 'found-exchange-online', 'redirected-to-exchange-online', 'found-via-redirect', 'auth-required', 'bad-credentials', 'error-response', 'redirect-limit', 'not-autodiscover', 'not-found'],
  verdicts: {
    found: 'pass',
    'found-exchange-online': 'pass',
    'redirected-to-exchange-online': 'pass',
    'found-via-redirect': 'warn',
    'auth-required': 'warn',
    'bad-credentials': 'fail',
    'error-response': 'fail',
    'redirect-limit': 'fail',
    'not-autodiscover': 'fail',
    'not-found': 'fail',
  },
  defaultTimeoutMs: 15000,
} as const satisfies ProbeDescriptor;
