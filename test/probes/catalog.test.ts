import { describe, expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { CHECK_TARGETS, CHECK_TREE_TARGETS, checkTarget } from '../../src/probes/check-targets.js';
import { coerceParams } from '../../src/probes/params.js';
import { loadProbe } from '../../src/probes/registry.js';
import { UNIVERSAL_CLASSIFICATIONS } from '../../src/probes/types.js';

const ids = [...probeCatalog.keys()];

describe('probe catalog', () => {
  test('lists the probes of issue 3', () => {
    expect(ids.sort()).toEqual(expect.arrayContaining(['dns.autodiscover', 'dns.lookup', 'eas.autodiscover', 'eas.options', 'tcp.connect', 'tls.certificate', 'tls.client-cert', 'tls.legacy']));
  });

  test.for(ids)('%s: loads, matches its descriptor, gives every classification a verdict', async (id) => {
    const d = probeCatalog.get(id)!;
    const p = await loadProbe(id);
    expect(p.id).toBe(id);
    expect(p.classifications).toEqual(d.classifications);
    for (const c of d.classifications) {
      expect(c).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(d.verdicts[c], `${id}:${c} has no verdict`).toBeDefined();
    }
    for (const [name, spec] of Object.entries(d.params)) expect(spec.secret, `${id}.${name}: secrets go in ctx.secrets, not params`).not.toBe(true);
  });
});

describe('check targets', () => {
  test('use only the tree nodes the tree pack provides', () => {
    for (const target of Object.values(CHECK_TARGETS)) expect(CHECK_TREE_TARGETS).toContain(target);
  });

  test('name real probes and classifications', () => {
    for (const key of Object.keys(CHECK_TARGETS)) {
      const [id = '', classification = ''] = key.split(':');
      const d = probeCatalog.get(id);
      expect(d, key).toBeDefined();
      if (classification !== '*') expect([...d!.classifications, ...UNIVERSAL_CLASSIFICATIONS], key).toContain(classification);
    }
  });

  test('every failing or warning classification of the sweep probes leads somewhere', () => {
    for (const id of ['dns.lookup', 'tcp.connect', 'tls.certificate', 'eas.options', 'eas.autodiscover']) {
      const d = probeCatalog.get(id)!;
      for (const c of [...d.classifications, ...UNIVERSAL_CLASSIFICATIONS]) {
        if (d.verdicts[c] === 'pass') continue;
        expect(checkTarget(id, c), `${id}:${c}`).toBeDefined();
      }
    }
  });

  test.for([
    ['tls.certificate', 'expired', 'ssl#cert-state'],
    ['eas.options', 'forms-auth', 'auth#fba'],
    ['eas.options', 'basic-missing', 'auth#basic-missing'],
    ['eas.options', 'bad-credentials', 'auth#bad-credentials'],
    ['eas.options', 'redirect', 'coexistence#redirect-451'],
    ['eas.options', 'needs-provisioning', 'provisioning#start'],
    ['tls.client-cert', 'not-mapped', 'cert-mapping#start'],
    ['dns.lookup', 'timeout', 'dns#start'],
  ] as const)('%s:%s -> %s', ([id, c, target]) => {
    expect(checkTarget(id, c)).toBe(target);
  });
});

describe('probe parameters', () => {
  const d = probeCatalog.get('eas.options')!;
  test('coerces types and fills defaults', () => {
    const r = coerceParams(d, { host: 'mail.contoso.com', port: '8443', ca: 'root.pem' }, '/work');
    expect(r.errors).toEqual([]);
    expect(r.params).toEqual({ host: 'mail.contoso.com', port: 8443, ca: '/work/root.pem', scheme: 'https', path: '/Microsoft-Server-ActiveSync' });
  });
  test.for([
    [{ host: 'mail', prot: '1' }, 'unknown parameter "prot" for eas.options; did you mean "port"? Valid parameters: host, port, scheme, path, user, domain, ca, resolver'],
    [{ hots: 'mail' }, 'did you mean "host"?'],
    [{ host: 'https://mail/owa' }, 'host: "https://mail/owa" is not a host name or IP address'],
    [{ host: 'mail', port: '99999' }, 'port: "99999" is not a port number (1-65535)'],
    [{ host: 'mail', scheme: 'htps' }, 'scheme: "htps" is not allowed; must be one of: https, http (did you mean "https"?)'],
    [{ host: 'mail', password: 'x' }, 'password: secrets are never taken from the command line'],
    [{}, 'missing parameter "host"'],
  ] as const)('%j -> %s', ([raw, message]) => {
    expect(coerceParams(d, raw, '/').errors.join('\n')).toContain(message);
  });
  test('collects every problem at once', () => {
    expect(coerceParams(d, { port: 'x', scheme: 'ftp' }, '/').errors).toHaveLength(3);
  });
});

describe('README section "check"', () => {
  test('documents every probe and each of its classifications', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- section:check -->'), readme.indexOf('<!-- /section:check -->'));
    for (const id of ['dns.lookup', 'dns.autodiscover', 'tcp.connect', 'tls.certificate', 'tls.legacy', 'eas.options', 'eas.autodiscover', 'tls.client-cert']) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${id}\``));
      expect(row, `${id} has a row`).toBeDefined();
      for (const c of probeCatalog.get(id)!.classifications) expect(row, `${id}: ${c}`).toContain(`\`${c}\``);
    }
  });
});
