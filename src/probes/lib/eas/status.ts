// What an ActiveSync answer means, as a classification. HTTP status codes per [MS-ASHTTP]
// 2.2.2.1.1 "Status Line" and 3.1.5.2 (client handling); EAS Status values >= 100 per
// [MS-ASCMD] 2.2.2 "Common Status Codes"; Provision statuses per [MS-ASPROV] 2.2.2.54 and
// 3.1.5.2. The probe only classifies; the tree says what to do about it.

/** A common status code ([MS-ASCMD] 2.2.2): its spec name and our classification. */
export interface CommonStatus {
  name: string;
  classification: string;
  meaning: string;
}

/** [MS-ASCMD] 2.2.2 Common Status Codes that decide a classification of their own. */
export const COMMON_STATUS: Readonly<Record<number, CommonStatus>> = {
  110: { name: 'ServerError', classification: 'server-error', meaning: 'an unknown error on the server; the device should not retry' },
  111: { name: 'ServerErrorRetryLater', classification: 'server-error', meaning: 'an unknown error on the server; the device should retry later' },
  126: { name: 'UserDisabledForSync', classification: 'user-disabled', meaning: 'the user is not allowed to use ActiveSync' },
  127: { name: 'UserOnNewMailboxCannotSync', classification: 'mailbox-cannot-sync', meaning: 'the server is configured to prevent users from syncing' },
  128: { name: 'UserOnLegacyMailboxCannotSync', classification: 'mailbox-cannot-sync', meaning: 'the server prevents users on legacy servers from syncing' },
  129: { name: 'DeviceIsBlockedForThisUser', classification: 'device-blocked', meaning: 'the user may sync only some devices, and this is not one of them' },
  130: { name: 'AccessDenied', classification: 'access-denied', meaning: 'the user is not allowed to perform this request' },
  131: { name: 'AccountDisabled', classification: 'account-disabled', meaning: "the user's account is disabled" },
  // [MS-ASPROV] 3.1.5.2: 139 is "the client cannot fully comply with all requirements of the policy".
  139: { name: 'DeviceNotFullyProvisionable', classification: 'device-not-fully-provisionable', meaning: 'the device cannot apply every policy setting and the server does not allow partial compliance' },
  140: { name: 'RemoteWipeRequested', classification: 'remote-wipe', meaning: 'a remote wipe was requested for this device' },
  141: { name: 'LegacyDeviceOnStrictPolicy', classification: 'legacy-device-strict-policy', meaning: 'a policy is in place but the device is not provisionable' },
  142: { name: 'DeviceNotProvisioned', classification: 'needs-provisioning', meaning: 'a policy is in place and the device must provision first' },
  143: { name: 'PolicyRefresh', classification: 'policy-refresh', meaning: 'the policy refresh interval passed: the device must provision again' },
  144: { name: 'InvalidPolicyKey', classification: 'invalid-policy-key', meaning: "the device's policy key is not valid (the policy probably changed): provision again" },
  165: { name: 'DeviceInformationRequired', classification: 'device-info-required', meaning: 'the Provision request lacked DeviceInformation' },
  177: { name: 'MaximumDevicesReached', classification: 'max-devices', meaning: 'the user has too many device partnerships; delete some on the server' },
};

/** Names of the other common codes, so evidence says "132 SyncStateNotFound" rather than a number. */
const OTHER_COMMON: Readonly<Record<number, string>> = {
  101: 'InvalidContent', 102: 'InvalidWBXML', 103: 'InvalidXML', 104: 'InvalidDateTime', 105: 'InvalidCombinationOfIDs', 106: 'InvalidIDs',
  107: 'InvalidMIME', 108: 'DeviceIdMissingOrInvalid', 109: 'DeviceTypeMissingOrInvalid', 112: 'ActiveDirectoryAccessDenied',
  113: 'MailboxQuotaExceeded', 114: 'MailboxServerOffline', 123: 'UserHasNoMailbox', 124: 'UserCannotBeAnonymous', 125: 'UserPrincipalCouldNotBeFound',
  132: 'SyncStateNotFound', 133: 'SyncStateLocked', 134: 'SyncStateCorrupt', 135: 'SyncStateAlreadyExists', 136: 'SyncStateVersionInvalid',
  137: 'CommandNotSupported', 138: 'VersionNotSupported', 145: 'ExternallyManagedDevicesNotAllowed', 151: 'TooManyFolders', 152: 'NoFoldersFound',
};

/** "142 DeviceNotProvisioned" for evidence. */
export function statusName(code: number): string | undefined {
  return COMMON_STATUS[code]?.name ?? OTHER_COMMON[code];
}

/** Command-specific status meanings (values below 100), per command. */
export const COMMAND_STATUS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  // [MS-ASPROV] 2.2.2.54.2 Status (Provision)
  Provision: { 1: 'success', 2: 'protocol error', 3: 'general server error' },
  // [MS-ASCMD] 2.2.3.177 Status (FolderSync)
  FolderSync: { 1: 'success', 6: 'server error', 9: 'synchronization key mismatch or invalid', 10: 'incorrectly formatted request', 11: 'unknown error', 12: 'code unknown' },
  // [MS-ASCMD] 2.2.3.177 Status (Sync)
  Sync: { 1: 'success', 3: 'invalid synchronization key', 4: 'protocol error', 5: 'server error', 6: 'error in client/server conversion', 7: 'conflict', 8: 'object not found', 9: 'the Sync command cannot be completed', 12: 'the folder hierarchy has changed', 13: 'the Sync request was incomplete', 14: 'invalid Wait or HeartbeatInterval', 15: 'invalid Sync command request', 16: 'retry' },
  // [MS-ASCMD] 2.2.3.177 Status (Settings)
  Settings: { 1: 'success', 2: 'protocol error', 3: 'access denied', 4: 'server unavailable', 5: 'invalid arguments', 6: 'conflicting arguments', 7: 'denied by policy' },
  // [MS-ASCMD] 2.2.3.177 Status (Ping)
  Ping: { 1: 'the heartbeat interval expired with no changes', 2: 'changes in a monitored folder', 3: 'missing parameters', 4: 'syntax error', 5: 'heartbeat interval out of range', 6: 'too many folders', 7: 'folder hierarchy sync required', 8: 'server error' },
};

/** [MS-ASPROV] 2.2.2.54.1 Status (Policy), in responses. */
export const POLICY_STATUS: Readonly<Record<number, string>> = {
  1: 'success',
  2: 'there is no policy for this client',
  3: 'unknown PolicyType value',
  4: 'the policy data on the server is corrupted',
  5: 'the client is acknowledging the wrong policy key',
};
