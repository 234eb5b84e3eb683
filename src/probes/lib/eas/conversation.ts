// The conversation a phone holds after OPTIONS: Provision (as a device that has not
// provisioned, then both phases), FolderSync from SyncKey 0, Settings with DeviceInformation,
// a read-only Sync of the Inbox, and Ping when asked. It stops at the first command that did
// not succeed and says which, with what; evidence holds statuses, counts and timings only.
import type { ProbeContext } from '../../types.js';
import { HttpFailure } from '../http.js';
import { postCommand, type EasTarget, type Exchange, type PolicyKeyState } from './client.js';
import { folderSyncRequest, pingRequest, provisionRequest, readFolderSync, readPing, readProvision, readSettings, readSync, settingsRequest, syncRequest, type DeviceInfo } from './commands.js';
import { judgeBody, judgeHttp, judgeStatus, judgeTransport, type Failure } from './judge.js';
import { POLICY_STATUS, statusName } from './status.js';
import { versionAtLeast } from './versions.js';

export type StepId = 'provision' | 'foldersync' | 'settings' | 'sync' | 'ping';
export const STEP_IDS: readonly StepId[] = ['provision', 'foldersync', 'settings', 'sync', 'ping'];

/** One command as evidence. */
export interface CommandRecord {
  cmd: string;
  httpStatus: number;
  easStatus?: number;
  easStatusName?: string;
  policyKey: PolicyKeyState;
  ms: number;
  redirects?: Exchange['redirects'];
  /** Tags in the answer that the code pages do not define (decoded anyway). */
  unknownTags?: string[];
}

/** One step of the checklist: ok, failed (with the classification) or skipped (with why). */
export interface StepRecord {
  step: StepId;
  outcome: 'ok' | 'failed' | 'skipped';
  summary: string;
  classification?: string;
  commands: CommandRecord[];
  ms: number;
  detail?: Record<string, unknown>;
}

export interface ConversationOptions {
  device: DeviceInfo;
  /** Ping heartbeat in seconds; 0 skips Ping. */
  pingSeconds: number;
  /** @default 5 */
  windowSize?: number;
}

export interface ConversationResult {
  steps: StepRecord[];
  failure?: Failure & { step: StepId };
  policy: { required?: boolean; nonProvisionableDevices?: 'allowed' | 'refused'; keyState: PolicyKeyState; policyStatus?: number; settings?: Record<string, string | number> };
  folderCount?: number;
  inboxItems?: number;
}

class StepFailed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.summary);
  }
}

/** Runs the conversation; HttpFailure (no answer at all) propagates to the probe. */
export async function converse(t: EasTarget, o: ConversationOptions, ctx: ProbeContext): Promise<ConversationResult> {
  const steps: StepRecord[] = [];
  const result: ConversationResult = { steps, policy: { keyState: 'none' } };
  let key: { value: string; state: PolicyKeyState } | undefined;
  let commands: CommandRecord[] = [];
  let lastCmd = '';
  const deadlinePassed = () => ctx.now() >= ctx.deadline;

  /** Sends a command and fails the step on an HTTP or body problem; returns the exchange. */
  const send = async (cmd: string, body: Parameters<typeof postCommand>[2], keyArg?: { value: string; state: PolicyKeyState } | null): Promise<Exchange> => {
    const k = keyArg === undefined ? key : (keyArg ?? undefined);
    ctx.onProgress?.(`${cmd} as ${t.deviceType}/${t.deviceId}`);
    lastCmd = cmd;
    const ex = await postCommand(t, cmd, body, k, ctx);
    commands.push({ cmd, httpStatus: ex.response.status, policyKey: ex.policyKey, ms: ex.ms, ...(ex.redirects.length ? { redirects: ex.redirects } : {}), ...(ex.unknownTags ? { unknownTags: ex.unknownTags } : {}) });
    return ex;
  };
  const check = (ex: Exchange, allow449 = false): Exchange => {
    if (allow449 && ex.response.status === 449) return ex;
    const bad = judgeHttp(ex, t.user) ?? judgeBody(ex, deadlinePassed());
    if (bad) throw new StepFailed(bad);
    return ex;
  };
  const status = (cmd: string, value: number | undefined, ok: readonly number[] = [1]) => {
    const last = commands[commands.length - 1];
    if (last && value !== undefined) {
      last.easStatus = value;
      const name = statusName(value);
      if (name) last.easStatusName = name;
    }
    const bad = judgeStatus(cmd, value, ok);
    if (bad) throw new StepFailed(bad);
  };
  const step = async (id: StepId, body: () => Promise<{ summary: string; detail?: Record<string, unknown> }>): Promise<boolean> => {
    commands = [];
    const started = ctx.now();
    try {
      const r = await body();
      steps.push({ step: id, outcome: 'ok', summary: r.summary, commands, ms: ctx.now() - started, ...(r.detail ? { detail: r.detail } : {}) });
      return true;
    } catch (err) {
      const failure = err instanceof StepFailed ? err.failure : err instanceof HttpFailure ? judgeTransport(err, lastCmd, t.url.host) : undefined;
      if (!failure) throw err;
      steps.push({ step: id, outcome: 'failed', classification: failure.classification, summary: failure.summary, commands, ms: ctx.now() - started, detail: failure.detail });
      result.failure = { ...failure, step: id };
      return false;
    }
  };
  const skipRest = (reason: string) => {
    for (const id of STEP_IDS) if (!steps.some((s) => s.step === id)) steps.push({ step: id, outcome: 'skipped', summary: `skipped: ${reason}`, commands: [], ms: 0 });
  };

  let inboxId: string | undefined;
  const ok =
    (await step('provision', async () => {
      // As a phone that has not provisioned yet (policy key 0): must it provision first?
      const probe = check(await send('FolderSync', folderSyncRequest('0'), { value: '0', state: 'zero' }), true);
      let required: boolean;
      if (probe.response.status === 449) required = true;
      else {
        const s = probe.doc ? readFolderSync(probe.doc).status : undefined;
        commands[commands.length - 1]!.easStatus = s;
        required = s === 142 || s === 141 || s === 144 || s === 143;
        if (!required) status('FolderSync', s);
      }
      result.policy.required = required;
      const first = check(await send('Provision', provisionRequest(t.version, o.device), null));
      if (!first.doc) throw new StepFailed({ classification: 'bad-response', summary: 'Provision: HTTP 200 with an empty body', detail: {} });
      const phase1 = readProvision(first.doc);
      status('Provision', phase1.status);
      // Never acknowledge a wipe: this is not the user's phone, and the server would log it as wiped.
      if (phase1.remoteWipe) throw new StepFailed({ classification: 'remote-wipe', summary: 'Provision: the server asks this device to wipe itself (RemoteWipe); not acknowledged', detail: {} });
      result.policy.policyStatus = phase1.policyStatus;
      if (phase1.settings) result.policy.settings = phase1.settings;
      if (phase1.policyStatus === 2) {
        return { summary: `no policy for this device${required ? '' : '; devices that do not provision are let in'}`, detail: { required, policyStatus: 2 } };
      }
      if (phase1.policyStatus !== 1 || !phase1.policyKey) {
        throw new StepFailed({ classification: 'command-failed', summary: `Provision: policy status ${phase1.policyStatus ?? 'missing'} (${POLICY_STATUS[phase1.policyStatus ?? 0] ?? 'no policy key'})`, detail: {} });
      }
      const ack = check(await send('Provision', provisionRequest(t.version, o.device, phase1.policyKey), { value: phase1.policyKey, state: 'temporary' }));
      if (!ack.doc) throw new StepFailed({ classification: 'bad-response', summary: 'Provision acknowledgment: HTTP 200 with an empty body', detail: {} });
      const phase2 = readProvision(ack.doc);
      status('Provision', phase2.status);
      if (phase2.policyStatus !== 1 || !phase2.policyKey) {
        throw new StepFailed({ classification: 'command-failed', summary: `Provision acknowledgment: policy status ${phase2.policyStatus ?? 'missing'} (${POLICY_STATUS[phase2.policyStatus ?? 0] ?? 'no final policy key'})`, detail: {} });
      }
      key = { value: phase2.policyKey, state: 'final' };
      result.policy.keyState = 'final';
      // As a device that cannot provision (no policy key at all): AllowNonProvisionableDevices
      // decides, and [MS-ASPROV] 3.1.5.2 names the refusal 141 (HTTP 449 before AS 14.0).
      let nonProvisionable: 'allowed' | 'refused' | undefined;
      if (required) {
        const bare = check(await send('FolderSync', folderSyncRequest('0'), null), true);
        const s = bare.doc ? readFolderSync(bare.doc).status : undefined;
        if (s !== undefined) commands[commands.length - 1]!.easStatus = s;
        nonProvisionable = bare.response.status === 449 || (s !== undefined && s >= 140 && s <= 144) ? 'refused' : s === 1 ? 'allowed' : undefined;
        result.policy.nonProvisionableDevices = nonProvisionable;
      }
      const demanded = demandedSettings(phase1.settings);
      return {
        summary: `policy accepted, final key kept${demanded ? `; the policy demands ${demanded}` : ''}; ${required ? `devices must provision${nonProvisionable ? ` (devices that cannot: ${nonProvisionable})` : ''}` : 'devices that do not provision are let in'}`,
        detail: { required, ...(nonProvisionable ? { nonProvisionableDevices: nonProvisionable } : {}) },
      };
    })) &&
    (await step('foldersync', async () => {
      const ex = check(await send('FolderSync', folderSyncRequest('0')));
      if (!ex.doc) throw new StepFailed({ classification: 'bad-response', summary: 'FolderSync: HTTP 200 with an empty body', detail: {} });
      const r = readFolderSync(ex.doc);
      status('FolderSync', r.status);
      result.folderCount = r.folderCount;
      inboxId = r.inboxId;
      if (!inboxId) throw new StepFailed({ classification: 'command-failed', summary: `FolderSync: ${r.folderCount} folders but no Inbox (type 2)`, detail: { types: r.types } });
      return { summary: `${r.folderCount} folders, Inbox found`, detail: { folderCount: r.folderCount, types: r.types } };
    })) &&
    (versionAtLeast(t.version, '12.1')
      ? await step('settings', async () => {
          const ex = check(await send('Settings', settingsRequest(o.device)));
          if (!ex.doc) throw new StepFailed({ classification: 'bad-response', summary: 'Settings: HTTP 200 with an empty body', detail: {} });
          const r = readSettings(ex.doc);
          status('Settings', r.status);
          status('Settings', r.deviceInformationStatus);
          return { summary: 'device information accepted' };
        })
      : (steps.push({ step: 'settings', outcome: 'skipped', summary: `skipped: DeviceInformation needs AS 12.1 or later (speaking ${t.version})`, commands: [], ms: 0 }), true)) &&
    (await step('sync', async () => {
      const first = check(await send('Sync', syncRequest(inboxId!, '0', o.windowSize ?? 5)));
      if (!first.doc) throw new StepFailed({ classification: 'bad-response', summary: 'Sync: HTTP 200 with an empty body to the initial request', detail: {} });
      const a = readSync(first.doc);
      status('Sync', a.status);
      status('Sync', a.collectionStatus);
      if (!a.syncKey) throw new StepFailed({ classification: 'command-failed', summary: 'Sync: no SyncKey in the answer to SyncKey 0', detail: {} });
      const second = check(await send('Sync', syncRequest(inboxId!, a.syncKey, o.windowSize ?? 5)));
      // An empty 200 is "no changes" ([MS-ASCMD] 2.2.1.21).
      const b = second.doc ? readSync(second.doc) : { items: 0, moreAvailable: false, status: undefined, collectionStatus: undefined };
      status('Sync', b.status);
      status('Sync', b.collectionStatus);
      result.inboxItems = b.items;
      return { summary: `Inbox synchronised read-only: ${b.items} item(s) in the first window${b.moreAvailable ? ', more available' : ''}`, detail: { items: b.items, moreAvailable: b.moreAvailable } };
    }));
  if (!ok) {
    skipRest(`${result.failure!.step} failed`);
    return result;
  }
  if (o.pingSeconds > 0) {
    await step('ping', async () => {
      const started = ctx.now();
      let sent: Exchange;
      try {
        sent = await send('Ping', pingRequest(o.pingSeconds, inboxId!));
      } catch (err) {
        // A held request that something in the path cuts is what Ping is here to show.
        if (err instanceof HttpFailure && err.kind === 'protocol') {
          const after = Math.round((ctx.now() - started) / 1000);
          throw new StepFailed({ classification: 'connection-cut', summary: `Ping: the connection was cut after ${after} s of a ${o.pingSeconds} s heartbeat: something between here and the server ends long requests`, detail: { cutAfterSeconds: after } });
        }
        throw err;
      }
      const ex = check(sent);
      if (!ex.doc) throw new StepFailed({ classification: 'bad-response', summary: 'Ping: HTTP 200 with an empty body', detail: {} });
      const r = readPing(ex.doc);
      if (r.status === 5) return { summary: `the server refuses a ${o.pingSeconds} s heartbeat; it allows ${r.heartbeatInterval ?? '?'} s`, detail: { allowedHeartbeat: r.heartbeatInterval } };
      status('Ping', r.status, [1, 2]);
      const held = Math.round((ctx.now() - started) / 1000);
      return { summary: `the connection was held ${held} s (heartbeat ${o.pingSeconds} s)`, detail: { heldSeconds: held } };
    });
  } else {
    steps.push({ step: 'ping', outcome: 'skipped', summary: 'skipped: not asked (--ping SECONDS)', commands: [], ms: 0 });
  }
  return result;
}

/** "a password, device encryption" from the policy settings that matter most to users. */
export function demandedSettings(s: Record<string, string | number> | undefined): string | undefined {
  if (!s) return undefined;
  const on = (k: string) => s[k] === '1' || s[k] === 1;
  const parts: string[] = [];
  if (on('DevicePasswordEnabled')) parts.push(`a device password${s.MinDevicePasswordLength ? ` of ${s.MinDevicePasswordLength}+ characters` : ''}${on('AlphanumericDevicePasswordRequired') ? ', alphanumeric' : ''}`);
  if (on('RequireDeviceEncryption')) parts.push('device encryption');
  if (on('RequireStorageCardEncryption')) parts.push('storage card encryption');
  if (s.AllowCamera === '0') parts.push('no camera');
  return parts.length ? parts.join(', ') : undefined;
}
