// The test device's DeviceId when none is given: "EASD" and 28 hex digits of a hash of the
// machine and user names, so one user on one machine is always the same device (one
// partnership on the server), whichever command or walk runs the conversation.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

export function defaultDeviceId(user: string, machine = hostname()): string {
  return `EASD${createHash('sha256').update(`${machine}\0${user.toLowerCase()}`).digest('hex').slice(0, 28).toUpperCase()}`;
}
