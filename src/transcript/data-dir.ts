// Where sessions live: `--data-dir`, then EAS_DOCTOR_HOME, then the XDG data directory.
import os from 'node:os';
import path from 'node:path';

/**
 * The data directory for an environment. A flag beats `EAS_DOCTOR_HOME`, which beats
 * `$XDG_DATA_HOME/eas-doctor`, which beats `~/.local/share/eas-doctor`. The XDG spec says a
 * relative `XDG_DATA_HOME` is invalid and must be ignored; relative flags are taken from `cwd`.
 */
export function dataDirFor(env: Readonly<Record<string, string | undefined>>, flag?: string, cwd = '.'): string {
  if (flag) return path.resolve(cwd, flag);
  if (env.EAS_DOCTOR_HOME) return path.resolve(cwd, env.EAS_DOCTOR_HOME);
  const xdg = env.XDG_DATA_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'eas-doctor');
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return path.join(home, '.local', 'share', 'eas-doctor');
}
