// Where sessions live: `--data-dir`, then EAS_DOCTOR_HOME, then the platform's data folder.
import path from 'node:path';
import { appFolders, platformOf, type Platform } from '../util/folders.js';

/**
 * The data directory for an environment. A flag beats `EAS_DOCTOR_HOME`, which beats the
 * platform's data folder (util/folders.ts: `$XDG_DATA_HOME/eas-doctor`, else
 * `~/.local/share/eas-doctor` on Linux, `~/Library/Application Support/eas-doctor` on macOS,
 * `%LOCALAPPDATA%\eas-doctor\Data` on Windows). Relative flags are taken from `cwd`.
 */
export function dataDirFor(env: Readonly<Record<string, string | undefined>>, flag?: string, cwd = '.', platform: Platform = platformOf(env)): string {
  if (flag) return path.resolve(cwd, flag);
  if (env.EAS_DOCTOR_HOME) return path.resolve(cwd, env.EAS_DOCTOR_HOME);
  return appFolders(platform).data;
}
