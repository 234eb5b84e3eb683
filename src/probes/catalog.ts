// Every probe's descriptor, as data. The validator and compiler read this file only; the
// code that runs a probe is loaded from `registry.ts` when a probe actually runs.
import type { ProbeDescriptor } from './types.js';
import { tcpConnect } from './descriptors/tcp-connect.js';
import { dnsLookup } from './descriptors/dns-lookup.js';
import { dnsAutodiscover } from './descriptors/dns-autodiscover.js';
import { tlsCertificate } from './descriptors/tls-certificate.js';
import { tlsLegacy } from './descriptors/tls-legacy.js';
import { tlsClientCert } from './descriptors/tls-client-cert.js';
import { easOptions } from './descriptors/eas-options.js';
import { easAutodiscover } from './descriptors/eas-autodiscover.js';
import { iisLog } from './descriptors/iis-log.js';
import { easSync } from './descriptors/eas-sync.js';
import { easVersion } from './descriptors/eas-version.js';

/** All probes by id. Add a descriptor here and a loader in `registry.ts`. */
export const probeCatalog: ReadonlyMap<string, ProbeDescriptor> = new Map(
  [tcpConnect, dnsLookup, dnsAutodiscover, tlsCertificate, tlsLegacy, tlsClientCert, easOptions, easSync, easVersion, easAutodiscover, iisLog].map((d) => [d.id, d]),
);
