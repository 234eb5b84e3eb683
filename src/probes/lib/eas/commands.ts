// Request bodies and response readers for the commands of the conversation, per [MS-ASCMD]
// 2.2.1 (FolderSync 2.2.1.5, Ping 2.2.1.13, Settings 2.2.1.18, Sync 2.2.1.21) and [MS-ASPROV]
// 2.2.2 (Provision). Readers keep counts and states only: never folder names or message content.
import { el, type OutElement } from '../wbxml/encode.js';
import { childrenNamed, find, findAll, textOf, type WbxmlElement } from '../wbxml/node.js';
import { versionAtLeast } from './versions.js';

/** What the test device says about itself in DeviceInformation ([MS-ASCMD] 2.2.3.47). */
export interface DeviceInfo {
  model: string;
  friendlyName: string;
  os: string;
  userAgent: string;
}

const num = (e: WbxmlElement | undefined): number | undefined => {
  const t = textOf(e);
  return t !== undefined && /^\d+$/.test(t.trim()) ? Number(t) : undefined;
};

function deviceInformation(d: DeviceInfo): OutElement {
  return el('Settings:DeviceInformation', el('Settings:Set', el('Settings:Model', d.model), el('Settings:FriendlyName', d.friendlyName), el('Settings:OS', d.os), el('Settings:UserAgent', d.userAgent)));
}

/** The policy type for every version this client speaks ([MS-ASPROV] 2.2.2.43). */
export const POLICY_TYPE = 'MS-EAS-Provisioning-WBXML';

/**
 * Provision: the initial request (no key) asks for the policy; the acknowledgment carries the
 * temporary key and Status 1 ([MS-ASPROV] 3.1.5.1). AS 14.1+ sends DeviceInformation with the
 * initial request ([MS-ASPROV] 2.2.2.52: Exchange answers 165 without it).
 */
export function provisionRequest(version: string, device: DeviceInfo, ackKey?: string): OutElement {
  return el(
    'Provision:Provision',
    !ackKey && versionAtLeast(version, '14.1') && deviceInformation(device),
    el('Provision:Policies', el('Provision:Policy', el('Provision:PolicyType', POLICY_TYPE), ackKey !== undefined && el('Provision:PolicyKey', ackKey), ackKey !== undefined && el('Provision:Status', '1'))),
  );
}

export interface ProvisionReply {
  status?: number;
  policyStatus?: number;
  policyKey?: string;
  /** The server asks for a remote wipe ([MS-ASPROV] 2.2.2.45 RemoteWipe). */
  remoteWipe: boolean;
  /** The EASProvisionDoc settings: name -> value; list settings as their item count. */
  settings?: Record<string, string | number>;
}

export function readProvision(root: WbxmlElement): ProvisionReply {
  const policy = find(root, 'Provision:Policies', 'Provision:Policy');
  const doc = find(policy, 'Provision:Data', 'Provision:EASProvisionDoc');
  let settings: Record<string, string | number> | undefined;
  if (doc) {
    settings = {};
    for (const c of doc.children) {
      if (c.kind !== 'element') continue;
      const key = c.name.replace(/^Provision:/, '');
      const nested = c.children.filter((x) => x.kind === 'element').length;
      settings[key] = nested ? nested : (textOf(c) ?? '');
    }
  }
  return {
    status: num(childrenNamed(root, 'Provision:Status')[0]),
    policyStatus: num(find(policy, 'Provision:Status')),
    policyKey: textOf(find(policy, 'Provision:PolicyKey'))?.trim(),
    remoteWipe: childrenNamed(root, 'Provision:RemoteWipe').length > 0,
    ...(settings ? { settings } : {}),
  };
}

export function folderSyncRequest(syncKey = '0'): OutElement {
  return el('FolderHierarchy:FolderSync', el('FolderHierarchy:SyncKey', syncKey));
}

export interface FolderSyncReply {
  status?: number;
  folderCount: number;
  /** The ServerId of the default Inbox (Type 2, [MS-ASCMD] 2.2.3.186.3). */
  inboxId?: string;
  /** Folder types and how many of each: {"2": 1, "12": 3}. */
  types: Record<string, number>;
}

export function readFolderSync(root: WbxmlElement): FolderSyncReply {
  const adds = findAll(root, 'FolderHierarchy:Add');
  const types: Record<string, number> = {};
  let inboxId: string | undefined;
  for (const a of adds) {
    const type = textOf(find(a, 'FolderHierarchy:Type'))?.trim() ?? '?';
    types[type] = (types[type] ?? 0) + 1;
    if (type === '2' && inboxId === undefined) inboxId = textOf(find(a, 'FolderHierarchy:ServerId'));
  }
  return { status: num(childrenNamed(root, 'FolderHierarchy:Status')[0]), folderCount: adds.length, inboxId, types };
}

export function settingsRequest(device: DeviceInfo): OutElement {
  return el('Settings:Settings', deviceInformation(device));
}

export interface SettingsReply {
  status?: number;
  deviceInformationStatus?: number;
}

export function readSettings(root: WbxmlElement): SettingsReply {
  return { status: num(childrenNamed(root, 'Settings:Status')[0]), deviceInformationStatus: num(find(root, 'Settings:DeviceInformation', 'Settings:Status')) };
}

/** Sync of one folder, read only: no Commands from the client, a small window, bodies truncated. */
export function syncRequest(collectionId: string, syncKey: string, windowSize: number): OutElement {
  const initial = syncKey === '0';
  return el(
    'AirSync:Sync',
    el(
      'AirSync:Collections',
      el(
        'AirSync:Collection',
        el('AirSync:SyncKey', syncKey),
        el('AirSync:CollectionId', collectionId),
        !initial && el('AirSync:GetChanges'),
        !initial && el('AirSync:WindowSize', String(windowSize)),
        !initial && el('AirSync:Options', el('AirSync:FilterType', '1'), el('AirSyncBase:BodyPreference', el('AirSyncBase:Type', '1'), el('AirSyncBase:TruncationSize', '32'))),
      ),
    ),
  );
}

export interface SyncReply {
  /** Sync-level Status (a global failure), when present. */
  status?: number;
  collectionStatus?: number;
  syncKey?: string;
  /** Items the server sent (Add commands): a count only. */
  items: number;
  moreAvailable: boolean;
}

export function readSync(root: WbxmlElement): SyncReply {
  const collection = find(root, 'AirSync:Collections', 'AirSync:Collection');
  return {
    status: num(childrenNamed(root, 'AirSync:Status')[0]),
    collectionStatus: num(find(collection, 'AirSync:Status')),
    syncKey: textOf(find(collection, 'AirSync:SyncKey')),
    items: collection ? findAll(collection, 'AirSync:Add').length : 0,
    moreAvailable: collection ? childrenNamed(collection, 'AirSync:MoreAvailable').length > 0 : false,
  };
}

export function pingRequest(heartbeatSeconds: number, folderId: string): OutElement {
  return el('Ping:Ping', el('Ping:HeartbeatInterval', String(heartbeatSeconds)), el('Ping:Folders', el('Ping:Folder', el('Ping:Id', folderId), el('Ping:Class', 'Email'))));
}

export interface PingReply {
  status?: number;
  /** With status 5: the interval the server allows. */
  heartbeatInterval?: number;
}

export function readPing(root: WbxmlElement): PingReply {
  return { status: num(childrenNamed(root, 'Ping:Status')[0]), heartbeatInterval: num(childrenNamed(root, 'Ping:HeartbeatInterval')[0]) };
}
