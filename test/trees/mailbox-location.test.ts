// Triage's first question answered by evidence: the shipped trees, a real session and the real
// eas.autodiscover probe against a loopback Autodiscover server that plays a hybrid
// organization. The runner only points the probe at the loopback servers (port, CA, DNS);
// which answer the walk takes is the tree's map of what the probe saw.
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { nodeTreeFs } from '../../src/cli/trees.js';
import { compileTrees, type CompiledTrees } from '../../src/compile/compile.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { runProbe } from '../../src/probes/registry.js';
import type { ProbeRunner } from '../../src/probes/types.js';
import { Session } from '../../src/session/session.js';
import { loadTreeSet } from '../../src/tree/tree-set.js';
import { testCerts } from '../helpers/certs.js';
import { contosoZone, startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startEasServer, type EasServer } from '../helpers/eas-server.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let compiled: CompiledTrees;
let eas: EasServer;
let dns: DnsServer;
let ca: string;
let ownUrl: string;

beforeAll(async () => {
  const loaded = await loadTreeSet(nodeTreeFs, [[path.join(root, 'trees')]], probeCatalog);
  expect(loaded.diagnostics.errorCount).toBe(0);
  compiled = compileTrees(loaded.set);
  ca = testCerts().files.rootCa;
  [eas, dns] = await Promise.all([startEasServer(), startDnsServer(contosoZone())]);
  ownUrl = eas.easUrl;
});
afterAll(async () => {
  await Promise.all([eas.close(), dns.close()]);
});
beforeEach(() => {
  eas.autodiscover = 'ok';
  eas.easUrl = ownUrl;
});

/** The real probe, aimed at the loopback servers instead of port 443 and the system's DNS. */
const loopback: ProbeRunner = (id, params, ctx) => runProbe(id, { ...params, port: eas.port, httpPort: 1, ca, resolver: dns.spec }, ctx);

async function firstAnswer(): Promise<{ session: Session; suggested?: string; classification?: string }> {
  let t = 1_790_000_000_000;
  const session = Session.start({ compiled, catalog: probeCatalog, runner: loopback, now: () => (t += 1000) }, { tree: 'triage' });
  session.input('email', 'user1@contoso.test');
  session.input('password', 'Secret-Pa55');
  const outcome = await session.runProbe();
  const v = session.view();
  return { session, suggested: v.kind === 'question' ? v.probe?.suggested : undefined, classification: outcome?.classification };
}

describe("triage's first question, answered by Autodiscover", () => {
  test('an on-premises ActiveSync URL: on-premises, and the version is asked next', async () => {
    const { session, suggested, classification } = await firstAnswer();
    expect(classification).toBe('found');
    expect(suggested).toBe('on-premises');
    session.answer(suggested!, true);
    expect(session.view()).toMatchObject({ kind: 'question', key: 'triage/exchange-version' });
  });

  test("Exchange Online's URL: the Exchange Online area", async () => {
    eas.easUrl = 'https://outlook.office365.com/Microsoft-Server-ActiveSync';
    const { session, suggested, classification } = await firstAnswer();
    expect(classification).toBe('found-exchange-online');
    expect(suggested).toBe('exchange-online');
    session.answer(suggested!, true);
    expect(session.view()).toMatchObject({ kind: 'question', key: 'online/symptom' });
  });

  test('a redirect to the onmicrosoft.com routing address (moved mailbox): the Exchange Online area', async () => {
    eas.autodiscover = 'redirect-addr';
    const { suggested, classification } = await firstAnswer();
    expect(classification).toBe('redirected-to-exchange-online');
    expect(suggested).toBe('exchange-online');
  });

  test('the password is never in what the session records', async () => {
    const { session } = await firstAnswer();
    expect(JSON.stringify(session.snapshot())).not.toContain('Secret-Pa55');
  });
});
