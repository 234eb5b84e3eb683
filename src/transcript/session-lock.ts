// The session lock: while a process walks a session it holds `<id>.lock` next to the journal,
// made with an exclusive create, so a second `resume` of the same id (or the wizard resuming a
// session another process walks) is refused instead of writing contradictory answers. A lock
// left by a process that is gone (its pid answers ESRCH) is taken over.
import nodeFs from 'node:fs';
import os from 'node:os';

/** The file calls the lock uses; `node:fs` fits, tests may pass their own. */
export interface LockFs {
  openSync(file: string, flags: string, mode?: number): number;
  writeSync(fd: number, text: string): number;
  closeSync(fd: number): void;
  readFileSync(file: string, encoding: 'utf8'): string;
  unlinkSync(file: string): void;
}

/** Who takes locks, and how to tell whether a holder is still running. */
export interface LockOptions {
  /** @default node:fs */
  fs?: LockFs;
  /** @default process.pid */
  pid?: number;
  /** @default os.hostname() */
  host?: string;
  /** Whether a pid on this host is running. @default process.kill(pid, 0) (ESRCH: gone) */
  isAlive?: (pid: number) => boolean;
  /** For the time written in the lock. @default Date.now */
  now?: () => number;
}

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  at: number;
}

/** Another running process walks this session. */
export class SessionLockedError extends Error {
  override name = 'SessionLockedError';
  constructor(
    readonly id: string,
    readonly holder: LockHolder,
    readonly file: string,
  ) {
    super(`session ${id} is being walked by another process (pid ${holder.pid} on ${holder.host}, since ${new Date(holder.at).toISOString()}); wait for it to end, or stop that process (its lock is ${file})`);
  }
}

/** A held lock; release is idempotent and never throws. */
export interface SessionLock {
  readonly file: string;
  release(): void;
}

const defaultIsAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

function parseHolder(text: string): LockHolder | undefined {
  try {
    const x = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(x.pid) && (x.pid as number) > 0 && typeof x.host === 'string' && typeof x.at === 'number') return x as LockHolder;
  } catch {
    // unreadable: left by a process that died while writing it
  }
  return undefined;
}

/**
 * Takes the lock of session `id` in `file`, or throws SessionLockedError naming the holder.
 * A lock this very process holds is taken again (one process walks a session once).
 */
export function acquireSessionLock(id: string, file: string, opts: LockOptions = {}): SessionLock {
  const fs = opts.fs ?? (nodeFs as unknown as LockFs);
  const pid = opts.pid ?? process.pid;
  const host = opts.host ?? os.hostname();
  const isAlive = opts.isAlive ?? defaultIsAlive;
  const now = opts.now ?? Date.now;
  const me: LockHolder = { pid, host, at: now() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw err;
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        throw e;
      }
      const holder = parseHolder(text);
      const mine = holder && holder.pid === pid && holder.host === host;
      // A holder on another host cannot be checked from here: it counts as running.
      if (holder && !mine && (holder.host !== host || isAlive(holder.pid))) throw new SessionLockedError(id, holder, file);
      try {
        fs.unlinkSync(file); // stale (or ours): taken over
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      continue;
    }
    try {
      fs.writeSync(fd, JSON.stringify(me) + '\n');
    } finally {
      fs.closeSync(fd);
    }
    let held = true;
    return {
      file,
      release() {
        if (!held) return;
        held = false;
        try {
          // Only our own lock: one taken over meanwhile belongs to its new holder.
          const now = parseHolder(fs.readFileSync(file, 'utf8'));
          if (now && now.pid === me.pid && now.host === me.host && now.at === me.at) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      },
    };
  }
}
