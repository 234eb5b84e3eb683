import { STORY_CLASSIFICATIONS } from '../../evidence/types.js';
import type { ProbeDescriptor } from '../types.js';

export const iisLog = {
  id: 'iis.log',
  title: 'IIS log evidence',
  describe: 'read the IIS logs {{file}} for the ActiveSync story',
  params: {
    file: {
      type: 'path',
      doc: 'IIS W3C log files: a path, a folder, a glob (W3SVC1/u_ex*.log) or a comma-separated list; .gz files are read as they are',
      required: true,
    },
    user: { type: 'string', doc: 'Tell this user\'s story: DOMAIN\\user, domain.local\\user, user or UPN' },
    device: { type: 'string', doc: 'Tell this device\'s story (its DeviceId)' },
    since: { type: 'string', doc: 'Only requests at or after: 2024-05-01, "2024-05-01 13:00", or an age such as 2h or 7d' },
    until: { type: 'string', doc: 'Only requests at or before (same forms as since)' },
  },
  // The story classifier's own list: the probe returns exactly what the classifier decides.
  classifications: STORY_CLASSIFICATIONS,
  verdicts: {
    ok: 'pass',
    'auth-loop': 'fail',
    'domain-mismatch': 'fail',
    'device-not-provisioned': 'fail',
    'user-not-found': 'fail',
    'user-disabled': 'fail',
    'device-blocked': 'fail',
    'policy-refresh': 'fail',
    redirect: 'warn',
    throttled: 'warn',
    'server-error': 'fail',
    'no-requests': 'warn',
  },
  defaultTimeoutMs: 120000,
} as const satisfies ProbeDescriptor;
