import type { ProbeDescriptor } from '../types.js';

export const tlsClientCert = {
  id: 'tls.client-cert',
  title: 'Client certificate logon',
  describe: 'present a client certificate to {{host}} port {{port}}',
  params: {
    host: { type: 'hostname', doc: 'Exchange host name', required: true },
    port: { type: 'port', doc: 'TLS port', default: 443 },
    path: { type: 'string', doc: 'ActiveSync path', default: '/Microsoft-Server-ActiveSync' },
    pfx: { type: 'path', doc: 'Client certificate and key as PFX / PKCS#12' },
    cert: { type: 'path', doc: 'Client certificate (PEM); use with key' },
    key: { type: 'path', doc: 'Private key (PEM) of the client certificate' },
    ca: { type: 'path', doc: 'Extra CA certificate (PEM) to trust for the server' },
    resolver: { type: 'host-port', doc: 'DNS server to resolve the host with, IP or IP:PORT' },
    address: { type: 'ip', doc: 'Connect to this IP address instead of resolving host (like curl --connect-to); SNI and Host still carry host' },
  },
  secrets: { passphrase: 'Passphrase of the PFX or key, when it has one' },
  classifications: ['accepted', 'required-not-sent', 'not-mapped', 'untrusted', 'forbidden', 'bad-certificate-file', 'handshake-failed', 'connect-failed'],
  verdicts: {
    accepted: 'pass',
    'required-not-sent': 'fail',
    'not-mapped': 'fail',
    untrusted: 'fail',
    forbidden: 'fail',
    'bad-certificate-file': 'fail',
    'handshake-failed': 'fail',
    'connect-failed': 'fail',
  },
  defaultTimeoutMs: 10000,
} as const satisfies ProbeDescriptor;
