// Every probe's descriptor, as data. The validator and compiler read this file only; the
// code that runs a probe is loaded from `registry.ts` when a probe actually runs.
import type { ProbeDescriptor } from './types.js';
import { tcpConnect } from './descriptors/tcp-connect.js';

/** All probes by id. Add a descriptor here and a loader in `registry.ts`. */
export const probeCatalog: ReadonlyMap<string, ProbeDescriptor> = new Map(
  [tcpConnect].map((d) => [d.id, d]),
);
