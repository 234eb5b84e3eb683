// Certificates made with the real `openssl` binary (CI installs it, see .ci/run): a test CA
// and server certificates with the weaknesses devices refuse (an RSA key under 2048 bits, a
// SHA-1 signature) or that should be renewed soon. They check our reading of certificates
// against a tool that did not come from the same hands as the reader.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslCert {
  certPem: string;
  keyPem: string;
}

export interface OpensslLeafOptions {
  /** RSA key size. @default 2048 */
  bits?: number;
  /** Signature digest. @default 'sha256' */
  digest?: 'sha256' | 'sha1';
  /** Days of validity from now. @default 365 */
  days?: number;
}

export interface OpensslCa {
  /** Path of the CA certificate (PEM), for `--ca`. */
  caFile: string;
  /** A server certificate for localhost, mail.contoso.test and 127.0.0.1, signed by the CA. */
  leaf(name: string, o?: OpensslLeafOptions): OpensslCert;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** A CA in a fresh temp folder; `leaf()` issues server certificates from it. */
export function opensslCa(): OpensslCa {
  const dir = mkdtempSync(join(tmpdir(), 'eas-openssl-'));
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-days', '3650', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=eas-doctor OpenSSL Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,DNS:mail.contoso.test,IP:127.0.0.1\n');
  return {
    caFile: join(dir, 'ca.pem'),
    leaf(name, o = {}) {
      openssl(['req', '-new', '-newkey', `rsa:${o.bits ?? 2048}`, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=mail.contoso.test'], dir);
      openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', String(o.days ?? 365), `-${o.digest ?? 'sha256'}`, '-extfile', 'leaf.ext'], dir);
      return { certPem: readFileSync(join(dir, `${name}.pem`), 'utf8'), keyPem: readFileSync(join(dir, `${name}.key`), 'utf8') };
    },
  };
}
