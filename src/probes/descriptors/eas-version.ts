import type { ProbeDescriptor } from '../types.js';
import { easOptions } from './eas-options.js';

export const easVersion = {
  id: 'eas.version',
  title: 'Exchange version from ActiveSync',
  describe: 'read the ActiveSync protocol versions {{host}} offers',
  params: easOptions.params,
  secrets: easOptions.secrets,
  classifications: ['exchange-2016-or-later', 'exchange-2013-or-older', 'no-versions'],
  verdicts: {
    'exchange-2016-or-later': 'pass',
    'exchange-2013-or-older': 'pass',
    'no-versions': 'warn',
  },
  defaultTimeoutMs: easOptions.defaultTimeoutMs,
} as const satisfies ProbeDescriptor;
