// Where the wizard's trees continue for each classification (tree id#node). The log command
// prints these; the trees decide what each classification means.
import type { StoryClassification } from './types.js';

/** The tree node to continue at; `ok` has none: the logs show nothing to fix. */
export const CONTINUE_AT: Readonly<Record<StoryClassification, string | undefined>> = {
  ok: undefined,
  'auth-loop': 'auth#start',
  'domain-mismatch': 'auth#default-domain',
  'user-not-found': 'auth#inheritance',
  'device-not-provisioned': 'provisioning#policy-449',
  'device-blocked': 'provisioning#device-blocked',
  'policy-refresh': 'provisioning#policy-refresh',
  'user-disabled': 'provisioning#user-disabled',
  redirect: 'coexistence#redirect-451',
  throttled: 'provisioning#throttled',
  'server-error': 'connectivity#database-mounted',
  'no-requests': 'connectivity#start',
};
