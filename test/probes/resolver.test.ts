// The default resolver (--resolver, EAS_DOCTOR_RESOLVER) reaches every probe that resolves
// names, and a resolver that cannot be reached reads as a DNS failure, not a refused port.
import { describe, expect, test } from 'vitest';
import { runProbe } from '../../src/probes/registry.js';

const ctx = () => ({ signal: new AbortController().signal, deadline: Date.now() + 3000, now: Date.now, resolver: '127.0.0.1:9' });

describe('the session-wide resolver', () => {
  test('tcp.connect to a name, with a resolver nobody answers on, is dns-failed', async () => {
    const r = await runProbe('tcp.connect', { host: 'mail.contoso.test', port: 443 }, ctx());
    expect(r.classification).toBe('dns-failed');
    expect(r.summary).toBe('mail.contoso.test could not be resolved');
  });

  test('a probe given its own resolver parameter keeps it', async () => {
    const r = await runProbe('dns.lookup', { host: 'mail.contoso.test', resolver: '127.0.0.1:7' }, ctx());
    expect(r.evidence).toMatchObject({ resolver: '127.0.0.1:7' });
  });

  test('TLS and HTTP probes name the DNS failure instead of a refused connection', async () => {
    for (const id of ['tls.certificate', 'eas.options']) {
      const r = await runProbe(id, { host: 'mail.contoso.test' }, ctx());
      expect(r.summary, id).toContain('EAI_AGAIN');
      expect(r.summary, id).not.toContain('ECONNREFUSED');
    }
  });
});
