// The classifier as tables: one request's kind, then a story's classification from its facts.
import { describe, expect, test } from 'vitest';
import { AUTH_LOOP_MIN, classifyFacts, CONTINUE_AT, STORY_CLASSIFICATIONS, type StoryFacts } from '../../src/evidence/index.js';
import { kindName, requestKind, type KindInput } from '../../src/evidence/request-kind.js';
import type { StoryClassification } from '../../src/evidence/types.js';

const req = (status: number, more: Partial<KindInput> = {}): KindInput => ({ status, substatus: 0, error: '', as: '', easStatus: '', ...more });

describe('requestKind', () => {
  test.for([
    ['200', req(200), 'success'],
    ['200 As:AllowedG', req(200, { as: 'AllowedG' }), 'success'],
    ['200 Error:PingCollisionDetected (benign)', req(200, { error: 'PingCollisionDetected' }), 'success'],
    ['401', req(401), 'auth'],
    ['401.2 (certificate logon, seed 003)', req(401, { substatus: 2 }), 'auth'],
    ['457 password expired', req(457), 'auth'],
    ['403', req(403), 'user-not-found'],
    ['403.7 client certificate required', req(403, { substatus: 7 }), 'auth'],
    ['403 Error:UserPrincipalCouldNotBeFound', req(403, { error: 'UserPrincipalCouldNotBeFound' }), 'user-not-found'],
    ['500 Error:UserPrincipalCouldNotBeFound', req(500, { error: 'UserPrincipalCouldNotBeFound' }), 'user-not-found'],
    ['403 Error:UserDisabledForSync', req(403, { error: 'UserDisabledForSync' }), 'user-disabled'],
    ['200 S126', req(200, { easStatus: '126' }), 'user-disabled'],
    ['449', req(449), 'device-not-provisioned'],
    ['449 Error:DeviceNotProvisioned As:BlockedP (seed 002)', req(449, { error: 'DeviceNotProvisioned', as: 'BlockedP' }), 'device-not-provisioned'],
    ['200 As:BlockedP', req(200, { as: 'BlockedP' }), 'device-not-provisioned'],
    ['200 As:BlockedG', req(200, { as: 'BlockedG' }), 'device-blocked'],
    ['200 As:Quarantined', req(200, { as: 'Quarantined' }), 'device-blocked'],
    ['200 Error:DeviceIsBlockedForThisUser', req(200, { error: 'DeviceIsBlockedForThisUser' }), 'device-blocked'],
    ['200 S143 Error:PolicyRefresh', req(200, { easStatus: '143', error: 'PolicyRefresh' }), 'policy-refresh'],
    ['200 S143', req(200, { easStatus: '143' }), 'policy-refresh'],
    ['200 S1 (EAS success)', req(200, { easStatus: '1' }), 'success'],
    ['451', req(451), 'redirect'],
    ['503', req(503), 'throttled'],
    ['500', req(500), 'server-error'],
    ['502', req(502), 'server-error'],
    ['404', req(404), 'other'],
    ['no sc-status (a truncated public line)', req(0), 'unknown'],
  ] as const)('%s -> %s', ([, input, kind]) => {
    expect(kindName(requestKind(input))).toBe(kind);
  });
});

const facts = (f: Partial<StoryFacts>): StoryFacts => ({ requests: 10, successes: 5, kinds: {}, usernames: [], ...f });
const netbios = { name: 'DOMAIN\\user2', form: 'netbios', count: 3, auth: 0 } as const;
const fqdn = { name: 'domain.local\\user2', form: 'fqdn', count: 5, auth: 5 } as const;
const bare = { name: 'user2', form: 'bare', count: 5, auth: 5 } as const;
const workingNetbios = { workingForms: new Set(['netbios'] as const), workingExample: 'DOMAIN\\user1' };

describe('classifyFacts', () => {
  test.for<[string, StoryFacts, StoryClassification, { workingForms: Set<'netbios' | 'fqdn'> }?]>([
    ['no request at all', facts({ requests: 0, successes: 0 }), 'no-requests'],
    ['only successes', facts({ successes: 10, kinds: { success: { count: 10, unrecovered: 0 } } }), 'ok'],
    ['401 then success (the normal challenge)', facts({ kinds: { auth: { count: 4, unrecovered: 0 } } }), 'ok'],
    [`${AUTH_LOOP_MIN - 1} x 401 after the last success`, facts({ kinds: { auth: { count: 9, unrecovered: AUTH_LOOP_MIN - 1 } } }), 'ok'],
    [`${AUTH_LOOP_MIN} x 401 after the last success`, facts({ kinds: { auth: { count: 9, unrecovered: AUTH_LOOP_MIN } } }), 'auth-loop'],
    ['one 401 and never a success', facts({ requests: 1, successes: 0, kinds: { auth: { count: 1, unrecovered: 1 } } }), 'auth-loop'],
    ['401s, signing in both as DOMAIN\\user and domain.local\\user', facts({ successes: 0, kinds: { auth: { count: 5, unrecovered: 5 } }, usernames: [netbios, fqdn] }), 'domain-mismatch'],
    ['401s as domain.local\\user while working users are DOMAIN\\user (seed 000)', facts({ successes: 0, kinds: { auth: { count: 5, unrecovered: 5 } }, usernames: [fqdn] }), 'domain-mismatch', workingNetbios],
    ['401s as a bare name while working users are DOMAIN\\user', facts({ successes: 0, kinds: { auth: { count: 5, unrecovered: 5 } }, usernames: [bare] }), 'domain-mismatch', workingNetbios],
    ['401s as domain.local\\user and working users sign in the same way', facts({ successes: 0, kinds: { auth: { count: 5, unrecovered: 5 } }, usernames: [fqdn] }), 'auth-loop', { workingForms: new Set(['fqdn'] as const) }],
    ['401s as domain.local\\user with no working user to compare', facts({ successes: 0, kinds: { auth: { count: 5, unrecovered: 5 } }, usernames: [fqdn] }), 'auth-loop'],
    ['449 after the last sync (seed 002)', facts({ kinds: { 'device-not-provisioned': { count: 1, unrecovered: 1 } } }), 'device-not-provisioned'],
    ['449 then Provision and Sync (normal provisioning)', facts({ kinds: { 'device-not-provisioned': { count: 1, unrecovered: 0 } } }), 'ok'],
    ['403 UserPrincipalCouldNotBeFound', facts({ kinds: { 'user-not-found': { count: 2, unrecovered: 2 } } }), 'user-not-found'],
    ['UserDisabledForSync', facts({ kinds: { 'user-disabled': { count: 2, unrecovered: 2 } } }), 'user-disabled'],
    ['As:Quarantined', facts({ kinds: { 'device-blocked': { count: 2, unrecovered: 2 } } }), 'device-blocked'],
    ['PolicyRefresh that never re-provisions', facts({ kinds: { 'policy-refresh': { count: 7, unrecovered: 7 } } }), 'policy-refresh'],
    ['451', facts({ kinds: { redirect: { count: 3, unrecovered: 3 } } }), 'redirect'],
    ['503', facts({ kinds: { throttled: { count: 3, unrecovered: 3 } } }), 'throttled'],
    ['500', facts({ kinds: { 'server-error': { count: 3, unrecovered: 3 } } }), 'server-error'],
    ['500 and 503: the server error comes first', facts({ kinds: { throttled: { count: 3, unrecovered: 3 }, 'server-error': { count: 1, unrecovered: 1 } } }), 'server-error'],
    ['403 user-not-found outranks 401s', facts({ successes: 0, kinds: { auth: { count: 5, unrecovered: 5 }, 'user-not-found': { count: 1, unrecovered: 1 } } }), 'user-not-found'],
    ['404s only are no story', facts({ kinds: { other: { count: 3, unrecovered: 3 } } }), 'ok'],
  ])('%s -> %s', ([, f, expected, ctx]) => {
    const verdict = classifyFacts(f, ctx);
    expect(verdict.classification).toBe(expected);
    expect(verdict.reason.length).toBeGreaterThan(10);
  });
});

describe('CONTINUE_AT', () => {
  const allowed = [
    'auth#start',
    'auth#default-domain',
    'auth#inheritance',
    'provisioning#start',
    'provisioning#policy-449',
    'provisioning#device-blocked',
    'provisioning#policy-refresh',
    'provisioning#user-disabled',
    'coexistence#redirect-451',
    'provisioning#throttled',
    'coexistence#start',
    'connectivity#start',
    'connectivity#database-mounted',
  ];
  test('every failing classification continues at one of the agreed tree nodes; ok needs none', () => {
    for (const c of STORY_CLASSIFICATIONS) {
      if (c === 'ok') expect(CONTINUE_AT[c]).toBeUndefined();
      else expect(allowed, c).toContain(CONTINUE_AT[c]);
    }
  });
});
