// The test device's DeviceId, kept in the data folder (devices.json: user -> DeviceId) so every
// `check --user` and `probe eas.sync` for one user on one machine is the same device: one
// partnership on the server, not one per run. A new entry is the probe's own default (from
// the machine and user names), so a walk's check, which passes no DeviceId, is that device too;
// once stored it stays, even if the machine is renamed.
import { defaultDeviceId } from '../probes/lib/eas/device-id.js';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = 'devices.json';

/** The stored DeviceId for `user`, made (EASD + 28 hex digits) and stored on first use; undefined if it cannot be stored. */
export function storedDeviceId(dataDir: string, user: string): string | undefined {
  const file = path.join(dataDir, FILE);
  const key = user.toLowerCase();
  let map: Record<string, string> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) map = parsed as Record<string, string>;
  } catch {
    // absent or unreadable: start a new map
  }
  const known = map[key];
  if (typeof known === 'string' && /^[A-Za-z0-9]{1,32}$/.test(known)) return known;
  const id = defaultDeviceId(user);
  try {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ ...map, [key]: id }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
    return id;
  } catch {
    return undefined;
  }
}
