// Where eas-doctor keeps its files on each platform: the layout env-paths gives (Windows
// %LOCALAPPDATA%, macOS ~/Library, XDG elsewhere), with the environment, platform and home
// folder as parameters so each platform's answer is tested on any machine. XDG_DATA_HOME and
// XDG_CACHE_HOME, when set to an absolute path, win on every platform: whoever sets them
// means it. Without a home folder (HOME unset, no passwd entry) the caches go to the
// system's temporary folder rather than nowhere.
import os from 'node:os';
import path from 'node:path';

const NAME = 'eas-doctor';

/** What the folders depend on; `platformOf()` reads this process's. */
export interface Platform {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder from the account, not from HOME (undefined when there is none). */
  accountHome?: () => string | undefined;
  tmpdir?: () => string;
}

/** The folders for one user. */
export interface Folders {
  /** Journaled sessions and exports: kept. */
  data: string;
  /** Parsed trees and V8 code caches: safe to delete. */
  cache: string;
}

/** This process's platform, with `env` given (the CLI's io.env). */
export function platformOf(env: Platform['env']): Platform {
  return {
    platform: process.platform,
    env,
    accountHome: () => {
      try {
        return os.userInfo().homedir || undefined;
      } catch {
        return undefined;
      }
    },
    tmpdir: os.tmpdir,
  };
}

/** eas-doctor's data and cache folders on this platform. */
export function appFolders(p: Platform): Folders {
  const { env } = p;
  const win = p.platform === 'win32';
  const paths = win ? path.win32 : path.posix;
  const home = (win ? env.USERPROFILE : env.HOME) || env.HOME || p.accountHome?.();
  const xdg = (name: 'XDG_DATA_HOME' | 'XDG_CACHE_HOME') => {
    const v = env[name];
    return v && paths.isAbsolute(v) ? paths.join(v, NAME) : undefined;
  };
  // No home at all: a folder of this user's in the temporary folder, for the caches at least.
  const noHome = paths.join(p.tmpdir?.() ?? (win ? 'C:\\Windows\\Temp' : '/tmp'), `${NAME}-${env.USER || env.USERNAME || 'user'}`);
  if (win) {
    const local = env.LOCALAPPDATA || (home ? paths.join(home, 'AppData', 'Local') : undefined);
    return {
      data: xdg('XDG_DATA_HOME') ?? (local ? paths.join(local, NAME, 'Data') : paths.join(noHome, 'Data')),
      cache: xdg('XDG_CACHE_HOME') ?? (local ? paths.join(local, NAME, 'Cache') : paths.join(noHome, 'Cache')),
    };
  }
  if (p.platform === 'darwin') {
    return {
      data: xdg('XDG_DATA_HOME') ?? (home ? paths.join(home, 'Library', 'Application Support', NAME) : paths.join(noHome, 'data')),
      cache: xdg('XDG_CACHE_HOME') ?? (home ? paths.join(home, 'Library', 'Caches', NAME) : paths.join(noHome, 'cache')),
    };
  }
  return {
    data: xdg('XDG_DATA_HOME') ?? (home ? paths.join(home, '.local', 'share', NAME) : paths.join(noHome, 'data')),
    cache: xdg('XDG_CACHE_HOME') ?? (home ? paths.join(home, '.cache', NAME) : paths.join(noHome, 'cache')),
  };
}
