// `check HOST --user U` holds the ActiveSync conversation: the real built CLI against Z-Push
// behind a TLS terminator, and against our own server for what Z-Push cannot answer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runCli, tempHome } from '../helpers/cli.js';
import { hex, PASSWORD, startConversationServer, type ConversationServer } from '../helpers/eas-conversation-server.js';
import { startZPush, type ZPush } from '../helpers/z-push.js';

let z: ZPush;
let own: ConversationServer;

beforeAll(async () => {
  ensureBuilt();
  [z, own] = await Promise.all([startZPush(), startConversationServer()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([z?.close(), own?.close()]);
});

type Step = { step: string; status: string; classification?: string; summary: string; evidence?: Record<string, unknown> };
const line = (s: Step) => `${s.step}:${s.status}${s.classification ? `:${s.classification}` : ''}`;
const conversation = (steps: Step[]) => steps.filter((s) => ['auth', 'provision', 'foldersync', 'settings', 'sync', 'ping'].includes(s.step)).map(line);
const check = (args: string[], env: Record<string, string | undefined> = {}) => runCli(['check', ...args], { env: { EAS_DOCTOR_RESOLVER: undefined, EAS_DOCTOR_PASSWORD: z.password, ...env }, timeoutMs: 40_000 });

describe('check --user against Z-Push', () => {
  test('a healthy conversation end to end: Provision, FolderSync, Settings and Sync pass', async () => {
    const home = tempHome();
    const r = await check([`localhost:${z.tls.port}`, '--ca', z.caFile, '--user', 'jdoe', '--json'], { EAS_DOCTOR_HOME: home });
    const out = JSON.parse(r.stdout);
    expect(conversation(out.steps)).toEqual(['auth:pass:ok', 'provision:pass:ok', 'foldersync:pass:ok', 'settings:pass:ok', 'sync:pass:ok']);
    expect(out.verdict).toBe('pass');
    expect(r.code).toBe(0);
    const provision = out.steps.find((s: Step) => s.step === 'provision');
    expect(provision.evidence).toMatchObject({ protocolVersion: '14.1', deviceType: 'EasDoctor', policy: { required: true, keyState: 'final' } });
    // The DeviceId is kept in the data folder: the next run is the same device.
    const stored = JSON.parse(readFileSync(path.join(home, 'devices.json'), 'utf8')) as Record<string, string>;
    expect(stored.jdoe).toBe(provision.evidence.deviceId);
    const again = JSON.parse((await check([`localhost:${z.tls.port}`, '--ca', z.caFile, '--user', 'jdoe', '--json'], { EAS_DOCTOR_HOME: home })).stdout);
    expect(again.steps.find((s: Step) => s.step === 'provision').evidence.deviceId).toBe(stored.jdoe);
    expect(r.stdout + r.stderr).not.toContain(z.password);
  });

  test('the checklist shows one line per command and the timing', async () => {
    const r = await check([`localhost:${z.tls.port}`, '--ca', z.caFile, '--user', 'jdoe']);
    expect(r.stdout).toMatch(/\[pass\] Provision +policy accepted, final key kept; devices must provision/);
    expect(r.stdout).toMatch(/\[pass\] FolderSync +\d+ folders, Inbox found/);
    expect(r.stdout).toMatch(/\[pass\] Sync +Inbox synchronised read-only/);
    expect(r.stdout).toContain('Verdict: all checks passed');
  });

  test('a wrong password: OPTIONS as user fails and the conversation is skipped with the reason', async () => {
    const r = await check([`localhost:${z.tls.port}`, '--ca', z.caFile, '--user', 'jdoe', '--json'], { EAS_DOCTOR_PASSWORD: 'not-the-password' });
    const out = JSON.parse(r.stdout);
    expect(conversation(out.steps)).toEqual(['auth:fail:bad-credentials', 'provision:skip', 'foldersync:skip', 'settings:skip', 'sync:skip']);
    expect(out.steps.find((s: Step) => s.step === 'provision').summary).toBe('skipped: OPTIONS as user ended bad-credentials');
    expect(out.continueAt).toBe('auth#bad-credentials');
    expect(r.code).toBe(1);
  });

  test('--eas-version 12.0 speaks 12.0, and Settings (12.1+) is skipped with the reason', async () => {
    const out = JSON.parse((await check([`localhost:${z.tls.port}`, '--ca', z.caFile, '--user', 'jdoe', '--eas-version', '12.0', '--json'])).stdout);
    expect(conversation(out.steps)).toEqual(['auth:pass:ok', 'provision:pass:ok', 'foldersync:pass:ok', 'settings:skip', 'sync:pass:ok']);
    expect(out.steps.find((s: Step) => s.step === 'settings').summary).toContain('needs AS 12.1 or later');
  });

  test('without --user the conversation steps are skipped with the reason', async () => {
    const out = JSON.parse((await check([`localhost:${z.tls.port}`, '--ca', z.caFile, '--json'])).stdout);
    expect(conversation(out.steps)).toEqual(['provision:skip', 'foldersync:skip', 'settings:skip', 'sync:skip']);
    expect(out.steps.find((s: Step) => s.step === 'provision').summary).toContain('no --user');
  });
});

describe('probe eas.sync', () => {
  test('--help lists its parameters and classifications', async () => {
    const r = await runCli(['probe', 'eas.sync', '--help']);
    expect(r.code).toBe(0);
    for (const text of ['deviceType', 'deviceId', 'userAgent', 'version', 'ping', 'needs-provisioning', 'max-devices', 'throttled', 'service-unavailable']) expect(r.stdout).toContain(text);
  });

  test('runs the conversation as the same test device check uses, kept in the data folder', async () => {
    const home = tempHome();
    const env = { EAS_DOCTOR_HOME: home, EAS_DOCTOR_RESOLVER: undefined, EAS_DOCTOR_PASSWORD: z.password };
    const p = await runCli(['probe', 'eas.sync', '-p', 'host=localhost', '-p', `port=${z.tls.port}`, '-p', `ca=${z.caFile}`, '-p', 'user=jdoe', '-p', 'ping=1', '--json'], { env, timeoutMs: 40_000 });
    const out = JSON.parse(p.stdout);
    expect(out.classification, out.summary).toBe('ok');
    expect((out.evidence.steps as Step[]).map((s) => `${s.step}:${(s as unknown as { outcome: string }).outcome}`)).toEqual(['provision:ok', 'foldersync:ok', 'settings:ok', 'sync:ok', 'ping:ok']);
    const stored = JSON.parse(readFileSync(path.join(home, 'devices.json'), 'utf8')) as Record<string, string>;
    expect(out.evidence.deviceId).toBe(stored.jdoe);
    const c = JSON.parse((await runCli(['check', `localhost:${z.tls.port}`, '--ca', z.caFile, '--user', 'jdoe', '--json'], { env, timeoutMs: 40_000 })).stdout);
    expect(c.steps.find((s: Step) => s.step === 'provision').evidence.deviceId).toBe(stored.jdoe);
  });
});

describe('check --user against answers Z-Push cannot give', () => {
  test('status 126 on FolderSync: the verdict names the command, its meaning and the tree node', async () => {
    own.reset();
    own.script.FolderSync = (_n, r) => (r.policyKey === 'FINAL1' ? { body: hex('03016a00 0007 56 4c 03 313236 00 01 01') } : undefined);
    const r = await runCli(['check', `localhost:${own.port}`, '--ca', z.caFile, '--user', 'user1', '--domain', 'CONTOSO'], { env: { EAS_DOCTOR_RESOLVER: undefined, EAS_DOCTOR_PASSWORD: PASSWORD }, timeoutMs: 40_000 });
    expect(r.stdout).toMatch(/\[FAIL\] FolderSync +FolderSync: status 126 UserDisabledForSync/);
    expect(r.stdout).toMatch(/\[skip\] Settings/);
    expect(r.stdout).toContain('Verdict: problem found at FolderSync: user-disabled.');
    expect(r.stdout).toContain('Continue at: provisioning#user-disabled');
    expect(r.code).toBe(1);
  });

  test('503 with X-MS-ASThrottle on Sync: throttled, continue at provisioning#throttled', async () => {
    own.reset();
    own.script.Sync = { status: 503, headers: { 'X-MS-ASThrottle': 'Global' } };
    const r = await runCli(['check', `localhost:${own.port}`, '--ca', z.caFile, '--user', 'user1', '--domain', 'CONTOSO', '--json'], { env: { EAS_DOCTOR_RESOLVER: undefined, EAS_DOCTOR_PASSWORD: PASSWORD }, timeoutMs: 40_000 });
    const out = JSON.parse(r.stdout);
    expect(out.problem).toEqual({ step: 'sync', probe: 'eas.sync', classification: 'throttled' });
    expect(out.continueAt).toBe('provisioning#throttled');
  });

  test.for([
    [['--device-id', 'bad id'], '--device-id: "bad id" must be 1 to 32 letters and digits'],
    [['--eas-version', '2.5'], '--eas-version: "2.5" is not one of 16.1, 16.0, 14.1, 14.0, 12.1, 12.0'],
    [['--ping', 'soon'], '--ping: "soon" is not a heartbeat in seconds'],
  ] as const)('bad conversation options are usage errors: %j', async ([args, message]) => {
    const r = await runCli(['check', 'mail.contoso.test', '--user', 'jdoe', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test('a conversation option without --user says what is missing', async () => {
    const r = await runCli(['check', 'mail.contoso.test', '--device-type', 'iPhone']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--device-type shapes the ActiveSync conversation, which runs only with --user');
  });
});
