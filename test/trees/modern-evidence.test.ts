// The questions of issue 20 answered by evidence: the shipped trees, a real session and the
// real probes (eas.autodiscover, eas.sync) against a loopback Exchange that plays a hybrid
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
  eas.behaviour = 'exchange';
  eas.easUrl = ownUrl;
});

/** The real probe, aimed at the loopback servers instead of port 443 and the system's DNS. */
const loopback: ProbeRunner = (id, params, ctx) => runProbe(id, { ...params, port: eas.port, httpPort: 1, ca, resolver: dns.spec }, ctx);

/** Starts `tree#node`, gives the inputs, runs the question's check: what it suggests. */
async function checked(tree: string, node: string | undefined, inputs: Record<string, string>): Promise<{ session: Session; suggested?: string; classification?: string }> {
  let t = 1_790_000_000_000;
  const session = Session.start({ compiled, catalog: probeCatalog, runner: loopback, now: () => (t += 1000) }, { tree, node });
  for (const [name, value] of Object.entries(inputs)) session.input(name, value);
  const outcome = await session.runProbe();
  const v = session.view();
  return { session, suggested: v.kind === 'question' ? v.probe?.suggested : undefined, classification: outcome?.classification };
}

const firstAnswer = () => checked('triage', undefined, { email: 'user1@contoso.test', password: 'Secret-Pa55' });
const asUser1 = { host: 'mail.contoso.test', user: 'user1@contoso.test', password: 'Secret-Pa55' };

describe("triage's first question, answered by Autodiscover", () => {
  test('an on-premises ActiveSync URL: on-premises, and the version is asked next', async () => {
    const { session, suggested, classification } = await firstAnswer();
    expect(classification).toBe('found');
    expect(suggested).toBe('on-premises');
    session.answer(suggested!, true);
    // The version question asks for the server address its check needs, then shows.
    expect(session.view()).toMatchObject({ key: 'triage/exchange-version' });
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

describe('the version the devices reach, from the protocol versions OPTIONS offers', () => {
  test.for([
    { behaviour: 'exchange', classification: 'exchange-2016-or-later', next: 'modern/symptom' },
    { behaviour: 'exchange-2013', classification: 'exchange-2013-or-older', next: 'triage/symptom' },
  ] as const)('$behaviour: $classification, then $next', async ({ behaviour, classification, next }) => {
    eas.behaviour = behaviour;
    const r = await checked('triage', 'exchange-version', asUser1);
    expect(r.classification).toBe(classification);
    r.session.answer(r.suggested!, true);
    expect(r.session.view()).toMatchObject({ kind: 'question', key: next });
  });
});

describe('the ActiveSync conversation answers the new questions', () => {
  test('moved to Exchange Online: on-premises answers 451, so the device is the one that does not follow', async () => {
    eas.behaviour = 'redirect-451';
    const { session, suggested, classification } = await checked('online', 'moved', asUser1);
    expect(classification).toBe('redirect');
    expect(suggested).toBe('yes');
    session.answer(suggested!, true);
    expect(session.view()).toMatchObject({ kind: 'question', key: 'online/device-follows' });
  });

  test('Exchange 2016+: a throttling 503 leads to the throttling fix', async () => {
    eas.behaviour = 'throttled-503';
    const { session, suggested, classification } = await checked('modern', 'limits', asUser1);
    expect(classification).toBe('throttled');
    expect(suggested).toBe('throttled');
    session.answer(suggested!, true);
    expect(session.view()).toMatchObject({ kind: 'fix', key: 'provisioning/throttled' });
  });
});
