// Where `eas-doctor check` sends the user after the sweep: a failing (or warning) probe
// classification -> the tree node that troubleshoots it. Targets are tree ids and node ids
// the tree pack provides; nothing else may appear here (a test checks it).

/** The only tree nodes `check` may point to. */
export const CHECK_TREE_TARGETS = [
  'dns#start',
  'connectivity#start',
  'ssl#start',
  'ssl#cert-state',
  'auth#start',
  'auth#fba',
  'auth#basic-missing',
  'auth#bad-credentials',
  'provisioning#start',
  'coexistence#start',
  'coexistence#redirect-451',
  'cert-mapping#start',
  'auth#account-state',
  'connectivity#database-mounted',
  'provisioning#throttled',
  'online#start',
  'dns#external-url',
  'provisioning#user-disabled',
  'provisioning#device-state',
  'provisioning#device-blocked',
  'provisioning#partnership-limit',
  'provisioning#policy-449',
  'provisioning#policy-refresh',
] as const;

export type CheckTreeTarget = (typeof CHECK_TREE_TARGETS)[number];

/** `probeId:classification` (or `probeId:*` as the fallback for that probe) -> tree node. */
export const CHECK_TARGETS: Readonly<Record<string, CheckTreeTarget>> = {
  'dns.lookup:*': 'dns#start',
  'dns.autodiscover:*': 'dns#start',

  'tcp.connect:dns-failed': 'dns#start',
  'tcp.connect:*': 'connectivity#start',

  'tls.certificate:expired': 'ssl#cert-state',
  'tls.certificate:not-yet-valid': 'ssl#cert-state',
  'tls.certificate:name-mismatch': 'ssl#cert-state',
  'tls.certificate:self-signed': 'ssl#cert-state',
  'tls.certificate:untrusted-root': 'ssl#cert-state',
  'tls.certificate:incomplete-chain': 'ssl#cert-state',
  'tls.certificate:weak': 'ssl#cert-state',
  'tls.certificate:expiring-soon': 'ssl#cert-state',
  'tls.certificate:connect-failed': 'connectivity#start',
  'tls.certificate:*': 'ssl#start',

  'tls.legacy:*': 'ssl#start',

  'eas.options:basic-missing': 'auth#basic-missing',
  'eas.options:bad-credentials': 'auth#bad-credentials',
  'eas.options:password-expired': 'auth#account-state',
  'eas.options:forms-auth': 'auth#fba',
  'eas.options:credentials-withheld': 'ssl#cert-state',
  'eas.options:forbidden': 'auth#start',
  'eas.options:auth-required': 'auth#start',
  'eas.options:redirect': 'coexistence#redirect-451',
  'eas.options:needs-provisioning': 'provisioning#start',
  'eas.options:blocked': 'provisioning#start',
  'eas.options:server-error': 'connectivity#database-mounted',
  'eas.options:throttled': 'provisioning#throttled',
  'eas.options:service-unavailable': 'connectivity#database-mounted',
  'eas.options:anonymous': 'auth#start',
  'eas.options:handshake-failed': 'ssl#start',
  'eas.options:*': 'connectivity#start',

  'eas.autodiscover:bad-credentials': 'auth#bad-credentials',
  'eas.autodiscover:auth-required': 'auth#start',
  'eas.autodiscover:error-response': 'coexistence#start',
  'eas.autodiscover:redirect-limit': 'coexistence#start',
  'eas.autodiscover:*': 'dns#start',

  'eas.sync:bad-credentials': 'auth#bad-credentials',
  'eas.sync:basic-missing': 'auth#basic-missing',
  'eas.sync:forms-auth': 'auth#fba',
  'eas.sync:password-expired': 'auth#account-state',
  'eas.sync:account-disabled': 'auth#account-state',
  'eas.sync:blocked': 'auth#account-state',
  'eas.sync:credentials-withheld': 'ssl#cert-state',
  'eas.sync:handshake-failed': 'ssl#start',
  'eas.sync:connect-failed': 'connectivity#start',
  'eas.sync:timeout': 'connectivity#start',
  'eas.sync:connection-cut': 'connectivity#start',
  'eas.sync:user-disabled': 'provisioning#user-disabled',
  'eas.sync:mailbox-cannot-sync': 'provisioning#user-disabled',
  'eas.sync:access-denied': 'provisioning#user-disabled',
  'eas.sync:device-blocked': 'provisioning#device-blocked',
  'eas.sync:remote-wipe': 'provisioning#device-state',
  'eas.sync:max-devices': 'provisioning#partnership-limit',
  'eas.sync:needs-provisioning': 'provisioning#policy-449',
  'eas.sync:legacy-device-strict-policy': 'provisioning#policy-449',
  'eas.sync:device-not-fully-provisionable': 'provisioning#policy-449',
  'eas.sync:invalid-policy-key': 'provisioning#policy-449',
  'eas.sync:device-info-required': 'provisioning#policy-449',
  'eas.sync:policy-refresh': 'provisioning#policy-refresh',
  'eas.sync:throttled': 'provisioning#throttled',
  'eas.sync:redirect': 'coexistence#redirect-451',
  'eas.sync:server-error': 'connectivity#database-mounted',
  'eas.sync:service-unavailable': 'connectivity#database-mounted',
  'eas.sync:*': 'provisioning#start',

  'tls.client-cert:handshake-failed': 'ssl#start',
  'tls.client-cert:connect-failed': 'connectivity#start',
  'tls.client-cert:*': 'cert-mapping#start',
};

/** Steps of `check` whose failure leads somewhere of its own, whatever the probe's classification. */
export const STEP_TARGETS: Readonly<Record<string, CheckTreeTarget>> = {
  // The URL Autodiscover hands out names an internal host, does not resolve or does not answer.
  'autodiscover-url': 'dns#external-url',
};

/** Where all-pass leaves the user: the server side answers, so the device side is next. */
export const ALL_PASS_TARGET: CheckTreeTarget = 'provisioning#start';

/**
 * Where all-pass leaves the user when Autodiscover sends the mailbox to Exchange Online: the
 * server checked answers, but the mailbox is not there, so on-premises fixes do not apply.
 */
export const EXCHANGE_ONLINE_TARGET: CheckTreeTarget = 'online#start';

/** The node after a sweep with no failure or warning, from the steps' classifications. */
export function allPassTarget(steps: ReadonlyArray<{ probe: string; classification?: string }>): CheckTreeTarget {
  const online = ['found-exchange-online', 'redirected-to-exchange-online'];
  return steps.some((s) => s.probe === 'eas.autodiscover' && online.includes(s.classification ?? '')) ? EXCHANGE_ONLINE_TARGET : ALL_PASS_TARGET;
}

/** The tree node for a probe's classification: the exact entry, else the probe's fallback. */
export function checkTarget(probeId: string, classification: string): CheckTreeTarget | undefined {
  return CHECK_TARGETS[`${probeId}:${classification}`] ?? CHECK_TARGETS[`${probeId}:*`];
}
