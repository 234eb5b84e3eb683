// Hostile ActiveSync servers: whatever they do, eas.sync ends by its deadline + 1 s with a
// classification, never a hang or a throw.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { DEADLINE_GRACE_MS, runProbe } from '../../src/probes/registry.js';
import { testCerts } from '../helpers/certs.js';
import { PASSWORD, startConversationServer, USER, type Answer, type ConversationServer } from '../helpers/eas-conversation-server.js';
import { probeCtx } from '../helpers/probe-context.js';

let s: ConversationServer;
beforeAll(async () => {
  s = await startConversationServer();
});
afterAll(() => s.close());
beforeEach(() => s.reset());

const DEADLINE = 2500;
const header = Buffer.from([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56]);

/** Answers FolderSync (after provisioning) with `answer`. */
const onFolderSync = (answer: Answer) => (s.script.FolderSync = (_n: number, r: { policyKey?: string }) => (r.policyKey === 'FINAL1' ? answer : undefined));

test.for<[string, () => void, readonly string[]]>([
  [
    'a WBXML body that never ends',
    () =>
      onFolderSync({
        raw: (res) => {
          res.writeHead(200, { 'Content-Type': 'application/vnd.ms-sync.wbxml' });
          res.write(header);
          const more = () => {
            if (res.destroyed) return;
            if (res.write(Buffer.alloc(16 * 1024, 0x4c))) setImmediate(more);
            else res.once('drain', more);
          };
          more();
        },
      }),
    ['bad-response', 'timeout'],
  ],
  ['a truncated WBXML body', () => onFolderSync({ body: Uint8Array.from([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0x4c, 0x03, 0x31]) }), ['bad-response']],
  ['garbage instead of WBXML', () => onFolderSync({ body: Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256) }), ['bad-response']],
  [
    'a 1 GB Content-Length that never comes',
    () =>
      onFolderSync({
        raw: (res) => {
          res.writeHead(200, { 'Content-Type': 'application/vnd.ms-sync.wbxml', 'Content-Length': String(1024 ** 3) });
          res.write(header);
        },
      }),
    ['timeout'],
  ],
  [
    'each answer slower than the last',
    () => {
      let delay = 50;
      for (const cmd of ['FolderSync', 'Provision', 'Settings', 'Sync']) s.script[cmd] = () => ({ delayMs: (delay *= 2) });
    },
    ['timeout'],
  ],
])('%s: ends by the deadline + 1 s with a classification', async ([, arrange, classifications]) => {
  arrange();
  const started = Date.now();
  const r = await runProbe('eas.sync', { host: 'localhost', port: s.port, ca: testCerts().files.rootCa, user: USER, deviceType: 'EasDoctor', ping: 0 }, probeCtx(DEADLINE, { secrets: { password: PASSWORD } }));
  const elapsed = Date.now() - started;
  expect(elapsed).toBeLessThanOrEqual(DEADLINE + DEADLINE_GRACE_MS);
  expect(classifications as readonly string[]).toContain(r.classification);
  expect(r.summary).not.toMatch(/\n\s+at /);
});
