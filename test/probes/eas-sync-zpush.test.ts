// eas.sync against Z-Push, a real ActiveSync server, behind a TLS terminator on loopback.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probe } from '../../src/probes/eas-sync.js';
import type { ProbeResult } from '../../src/probes/types.js';
import { probeCtx } from '../helpers/probe-context.js';
import { startZPush, type ZPush } from '../helpers/z-push.js';

let strict: ZPush;
let loose: ZPush;
let none: ZPush;

beforeAll(async () => {
  [strict, loose, none] = await Promise.all([startZPush(), startZPush({ provisioning: 'loose' }), startZPush({ provisioning: 'false' })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([strict?.close(), loose?.close(), none?.close()]);
});

const run = (z: ZPush, extra: Record<string, string | number> = {}, password = z.password): Promise<ProbeResult> =>
  probe.run({ host: 'localhost', port: z.tls.port, ca: z.caFile, user: 'jdoe', deviceType: 'EasDoctor', ping: 0, ...extra }, probeCtx(20_000, { secrets: { password } }));

const steps = (r: ProbeResult) => (r.evidence.steps as { step: string; outcome: string; commands: { cmd: string; httpStatus: number; easStatus?: number; policyKey: string }[] }[]).map((s) => `${s.step}:${s.outcome}`);

describe('eas.sync against Z-Push', () => {
  test('a healthy conversation: provision first (449), both phases, then FolderSync, Settings and Sync', async () => {
    const r = await run(strict, { deviceId: 'HEALTHY1' });
    expect(r.classification, r.summary).toBe('ok');
    expect(steps(r)).toEqual(['provision:ok', 'foldersync:ok', 'settings:ok', 'sync:ok', 'ping:skipped']);
    expect(r.evidence.protocolVersion).toBe('14.1');
    const provision = (r.evidence.steps as { commands: { cmd: string; httpStatus: number; policyKey: string }[] }[])[0]!.commands;
    expect(provision.map((c) => `${c.cmd} ${c.httpStatus} ${c.policyKey}`)).toEqual(['FolderSync 449 zero', 'Provision 200 none', 'Provision 200 temporary', 'FolderSync 449 none']);
    expect(r.evidence.policy).toMatchObject({ required: true, nonProvisionableDevices: 'refused', keyState: 'final', policyStatus: 1 });
    expect((r.evidence.policy as { settings: Record<string, string> }).settings.DevicePasswordEnabled).toBe('0');
    expect(r.evidence.folderCount).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(r)).not.toContain(strict.password);
  });

  test('a wrong password is bad-credentials, and nothing after OPTIONS is sent', async () => {
    const r = await run(strict, {}, 'wrong-password');
    expect(r.classification).toBe('bad-credentials');
    expect(r.evidence.failedStep).toBe('options');
    expect(JSON.stringify(r)).not.toContain('wrong-password');
  });

  test.for([
    ['12.1', ['provision:ok', 'foldersync:ok', 'settings:ok', 'sync:ok', 'ping:skipped']],
    ['12.0', ['provision:ok', 'foldersync:ok', 'settings:skipped', 'sync:ok', 'ping:skipped']],
  ] as const)('forced protocol version %s', async ([version, expected]) => {
    const r = await run(strict, { version, deviceId: `V${version.replace('.', '')}` });
    expect(r.classification, r.summary).toBe('ok');
    expect(r.evidence).toMatchObject({ protocolVersion: version, versionChosenBy: 'forced' });
    expect(steps(r)).toEqual(expected);
  });

  test('a version the server does not offer is version-mismatch, before any command', async () => {
    const r = await run(strict, { version: '16.1' });
    expect(r.classification).toBe('version-mismatch');
    expect(r.summary).toContain('12.0, 12.1, 14.0, 14.1');
  });

  test('ZPUSH_PROVISIONING=loose: provisioning is asked of devices that send a key, devices without one are let in', async () => {
    const r = await run(loose, { deviceId: 'LOOSE1' });
    expect(r.classification, r.summary).toBe('ok');
    expect(r.evidence.policy).toMatchObject({ required: true, nonProvisionableDevices: 'allowed' });
  });

  test('ZPUSH_PROVISIONING=false: no policy, and the device is let in without provisioning', async () => {
    const r = await run(none, { deviceId: 'NOPOLICY1' });
    expect(r.classification, r.summary).toBe('ok');
    expect(r.evidence.policy).toMatchObject({ required: false, policyStatus: 2, keyState: 'none' });
    expect(r.summary).not.toContain('policy is required');
  });

  test('the same user on the same machine is the same device: one partnership', async () => {
    const a = await run(strict);
    const b = await run(strict);
    expect(a.evidence.deviceId).toBe(b.evidence.deviceId);
    expect(String(a.evidence.deviceId)).toMatch(/^EASD[0-9A-F]{28}$/);
  });

  test('without the test root the certificate is unverified: the password stays home', async () => {
    const r = await probe.run({ host: 'localhost', port: strict.tls.port, user: 'jdoe', deviceType: 'EasDoctor', ping: 0 }, probeCtx(10_000, { secrets: { password: strict.password } }));
    expect(r.classification).toBe('credentials-withheld');
  });
});
