// The answers of a healthy ActiveSync server to each command of the conversation: 449 until
// the device provisions (policy key FINAL1), both Provision phases (TEMP1, then FINAL1), two
// folders, Settings accepted, an Inbox with one item. Shared by the loopback EAS servers.
import type http from 'node:http';
import { el, encodeWbxml } from '../../src/probes/lib/wbxml/encode.js';

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Waits this long first; with no status or body, then answers as the healthy server would. */
  delayMs?: number;
  /** Takes over the response completely (hostile behaviour). */
  raw?: (res: http.ServerResponse) => void;
}

/** The healthy answer to `cmd`, given the policy key header and the request body. */
export function healthyAnswer(cmd: string, key: string | undefined, body: Buffer): Answer {
  const provisioned = key === 'FINAL1';
  switch (cmd) {
    case 'Provision': {
      const ack = body.includes(Buffer.from('TEMP1'));
      const policy = ack
        ? el('Provision:Policy', el('Provision:PolicyType', 'MS-EAS-Provisioning-WBXML'), el('Provision:Status', '1'), el('Provision:PolicyKey', 'FINAL1'))
        : el('Provision:Policy', el('Provision:PolicyType', 'MS-EAS-Provisioning-WBXML'), el('Provision:Status', '1'), el('Provision:PolicyKey', 'TEMP1'), el('Provision:Data', el('Provision:EASProvisionDoc', el('Provision:DevicePasswordEnabled', '1'), el('Provision:MinDevicePasswordLength', '6'), el('Provision:RequireDeviceEncryption', '1'))));
      return { body: encodeWbxml(el('Provision:Provision', el('Provision:Status', '1'), el('Provision:Policies', policy))) };
    }
    case 'FolderSync':
      if (!provisioned) return { status: 449 };
      return {
        body: encodeWbxml(
          el('FolderHierarchy:FolderSync', el('FolderHierarchy:Status', '1'), el('FolderHierarchy:SyncKey', 'F1'), el('FolderHierarchy:Changes', el('FolderHierarchy:Count', '2'), el('FolderHierarchy:Add', el('FolderHierarchy:ServerId', '5'), el('FolderHierarchy:ParentId', '0'), el('FolderHierarchy:DisplayName', 'Inbox'), el('FolderHierarchy:Type', '2')), el('FolderHierarchy:Add', el('FolderHierarchy:ServerId', '6'), el('FolderHierarchy:ParentId', '0'), el('FolderHierarchy:DisplayName', 'Secret project'), el('FolderHierarchy:Type', '12')))),
        ),
      };
    case 'Settings':
      return { body: encodeWbxml(el('Settings:Settings', el('Settings:Status', '1'), el('Settings:DeviceInformation', el('Settings:Status', '1')))) };
    case 'Sync':
      if (body.includes(Buffer.from('S1'))) return { body: encodeWbxml(el('AirSync:Sync', el('AirSync:Collections', el('AirSync:Collection', el('AirSync:SyncKey', 'S2'), el('AirSync:CollectionId', '5'), el('AirSync:Status', '1'), el('AirSync:Commands', el('AirSync:Add', el('AirSync:ServerId', '5:1'), el('AirSync:ApplicationData', el('Email:Subject', 'Quarterly numbers')))))))) };
      return { body: encodeWbxml(el('AirSync:Sync', el('AirSync:Collections', el('AirSync:Collection', el('AirSync:SyncKey', 'S1'), el('AirSync:CollectionId', '5'), el('AirSync:Status', '1'))))) };
    case 'Ping':
      return { body: encodeWbxml(el('Ping:Ping', el('Ping:Status', '1'))) };
  }
  return { status: 501 };
}

