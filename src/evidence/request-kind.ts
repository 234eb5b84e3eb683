// What one request says on its own, from its HTTP status, IIS sub-status and Log= tokens.
// Tokens win over the status: a 403 with Error:UserDisabledForSync is about the user, not AD.
import { REQUEST_KINDS, type KindCode, type RequestKind } from './types.js';

/** The fields of a request that decide its kind. */
export interface KindInput {
  status: number;
  substatus: number;
  error: string;
  as: string;
  easStatus: string;
}

const CODE = Object.fromEntries(REQUEST_KINDS.map((k, i) => [k, i])) as Record<RequestKind, KindCode>;
/** Kind codes by name, for the hot path. */
export const KIND = CODE;

const ERROR_KINDS: Readonly<Record<string, RequestKind>> = {
  UserPrincipalCouldNotBeFound: 'user-not-found',
  UserDisabledForSync: 'user-disabled',
  AccountDisabled: 'user-disabled',
  DeviceNotProvisioned: 'device-not-provisioned',
  DeviceNotFullyProvisionable: 'device-not-provisioned',
  PolicyRefresh: 'policy-refresh',
  InvalidPolicyKey: 'policy-refresh',
  DeviceIsBlockedForThisUser: 'device-blocked',
  DeviceQuarantined: 'device-blocked',
};

/** EAS status codes (MS-ASCMD) that mean the same as an Error: token. */
const EAS_STATUS_KINDS: Readonly<Record<string, RequestKind>> = {
  '126': 'user-disabled',
  '129': 'device-blocked',
  '131': 'user-disabled',
  '139': 'device-not-provisioned',
  '141': 'device-not-provisioned',
  '142': 'device-not-provisioned',
  '143': 'policy-refresh',
  '144': 'policy-refresh',
};

/** IIS 403 sub-statuses about TLS and client certificates: an authentication problem. */
const CERT_SUBSTATUS = new Set([4, 7, 13, 16, 17]);

/** Classifies one request; returns a code into REQUEST_KINDS. */
export function requestKind(r: KindInput): KindCode {
  if (r.error !== '') {
    const k = ERROR_KINDS[r.error];
    if (k) return CODE[k];
  }
  if (r.as !== '' && r.as.charCodeAt(0) !== 65 /* Allowed* */) {
    if (r.as === 'BlockedP') return CODE['device-not-provisioned'];
    if (r.as.startsWith('Blocked') || r.as.startsWith('Quarantined')) return CODE['device-blocked'];
  }
  if (r.easStatus !== '' && r.easStatus !== '1') {
    const k = EAS_STATUS_KINDS[r.easStatus];
    if (k) return CODE[k];
  }
  const s = r.status;
  if (s >= 200 && s < 300) return CODE.success;
  switch (s) {
    case 0:
      return CODE.unknown;
    case 401:
    case 457:
      return CODE.auth;
    case 403:
      return CERT_SUBSTATUS.has(r.substatus) ? CODE.auth : CODE['user-not-found'];
    case 449:
      return CODE['device-not-provisioned'];
    case 451:
      return CODE.redirect;
    case 456:
      return CODE['device-blocked'];
    case 503:
      return CODE.throttled;
  }
  if (s >= 500) return CODE['server-error'];
  return CODE.other;
}

/** The name of a kind code. */
export function kindName(code: KindCode): RequestKind {
  return REQUEST_KINDS[code] ?? 'unknown';
}
