// The story classifier: what a user's (or a device's) requests say, as one classification.
// Failures that a later success cleared are history, not a story: only what persists counts.
import type { RequestKind, StoryClassification, UsernameForm } from './types.js';

/** What the classifier reads about one user on one device. */
export interface StoryFacts {
  requests: number;
  successes: number;
  /** Per request kind: how many, and how many came after the last success. */
  kinds: Partial<Record<RequestKind, { count: number; unrecovered: number }>>;
  /** cs-username values used, with their form and their 401 count. */
  usernames: readonly { name: string; form: UsernameForm; count: number; auth: number }[];
}

/** What other users say: how the ones that work sign in. */
export interface ClassifyContext {
  workingForms: ReadonlySet<UsernameForm>;
  workingExample?: string;
}

/** A classification and the one sentence that justifies it. */
export interface Verdict {
  classification: StoryClassification;
  reason: string;
}

/** 401s after the last success that make a loop rather than a challenge before a logon. */
export const AUTH_LOOP_MIN = 3;

/** Worst first: a story with several persistent problems is filed under the first. */
export const SEVERITY: readonly StoryClassification[] = [
  'user-not-found',
  'user-disabled',
  'domain-mismatch',
  'auth-loop',
  'device-blocked',
  'device-not-provisioned',
  'policy-refresh',
  'redirect',
  'server-error',
  'throttled',
  'no-requests',
  'ok',
];

const KIND_STORY: readonly [RequestKind, StoryClassification, (n: number) => string][] = [
  ['user-not-found', 'user-not-found', (n) => `${n} request(s) refused with 403 / UserPrincipalCouldNotBeFound: Exchange cannot read the account in AD (often disabled permission inheritance)`],
  ['user-disabled', 'user-disabled', (n) => `${n} request(s) refused with UserDisabledForSync: ActiveSync is disabled for this mailbox`],
  ['device-blocked', 'device-blocked', (n) => `${n} request(s) with the device blocked or quarantined (As:Blocked*/Quarantined*)`],
  ['device-not-provisioned', 'device-not-provisioned', (n) => `${n} request(s) with 449 / DeviceNotProvisioned / As:BlockedP since the last sync: the device does not accept the ActiveSync mailbox policy`],
  ['policy-refresh', 'policy-refresh', (n) => `${n} request(s) answered PolicyRefresh (EAS status 143/144) since the last sync: the device does not re-provision`],
  ['redirect', 'redirect', (n) => `${n} request(s) answered 451: the server tells the device to use another URL`],
  ['server-error', 'server-error', (n) => `${n} request(s) failed with a server error (5xx) since the last sync`],
  ['throttled', 'throttled', (n) => `${n} request(s) answered 503 since the last sync: throttled or the server is busy`],
];

/** No other users to compare with. */
const ALONE: ClassifyContext = { workingForms: new Set() };

/** Classifies one story. Without a context, domain-mismatch is only found within the story. */
export function classifyFacts(facts: StoryFacts, ctx: ClassifyContext = ALONE): Verdict {
  if (facts.requests === 0) {
    return { classification: 'no-requests', reason: 'no ActiveSync request in these logs: the device never reached this server; look upstream (DNS, firewall, reverse proxy, certificate)' };
  }
  const found: Verdict[] = [];
  // Indexed, not destructured: this runs for every user and device, before V8 optimizes it.
  for (let i = 0; i < KIND_STORY.length; i++) {
    const story = KIND_STORY[i]!;
    const k = facts.kinds[story[0]];
    if (k && k.unrecovered > 0) found.push({ classification: story[1], reason: story[2](k.unrecovered) });
  }
  const auth = facts.kinds.auth;
  if (auth && (auth.unrecovered >= AUTH_LOOP_MIN || (facts.successes === 0 && auth.count > 0))) {
    found.push(domainMismatch(facts, ctx) ?? {
      classification: 'auth-loop',
      reason: facts.successes === 0
        ? `${auth.count} request(s) got 401 and none succeeded: the device keeps failing to authenticate`
        : `${auth.unrecovered} request(s) got 401 since the last successful one: the device keeps failing to authenticate`,
    });
  }
  if (found.length === 0) {
    const reason = facts.successes > 0
      ? `${facts.successes} of ${facts.requests} request(s) succeeded and no failure persists`
      : `${facts.requests} request(s) and no failure logged`;
    return { classification: 'ok', reason };
  }
  found.sort((a, b) => SEVERITY.indexOf(a.classification) - SEVERITY.indexOf(b.classification));
  return found[0]!;
}

function domainMismatch(facts: StoryFacts, ctx: ClassifyContext): Verdict | undefined {
  const named = facts.usernames.filter((u) => u.form !== 'none');
  const forms = new Set(named.map((u) => u.form));
  const netbios = named.find((u) => u.form === 'netbios');
  const other = named.find((u) => u.form === 'fqdn' || u.form === 'bare');
  if (netbios && other) {
    return { classification: 'domain-mismatch', reason: `signs in both as ${netbios.name} and as ${other.name}: the device does not always send the NetBIOS domain` };
  }
  const failing = named.filter((u) => u.auth > 0);
  const judged = failing.length > 0 ? failing : named;
  if (judged.length === 0 || !judged.every((u) => u.form === 'fqdn' || u.form === 'bare')) return undefined;
  if (!(ctx.workingForms.has('netbios') || ctx.workingForms.has('upn'))) return undefined;
  if (judged.some((u) => ctx.workingForms.has(u.form)) || [...forms].some((f) => ctx.workingForms.has(f))) return undefined;
  const example = judged[0]!.name;
  const working = ctx.workingExample ? ` (such as ${ctx.workingExample})` : '';
  return {
    classification: 'domain-mismatch',
    reason: `signs in as ${example} and gets 401, while the users that work sign in as DOMAIN\\user${working}: set the default logon domain for Basic authentication`,
  };
}
