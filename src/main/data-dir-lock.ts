import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who holds the data directory, and (for a server) how a command on this machine can reach it. */
export interface LockHolder {
  pid: number;
  command: string;
  /** The running server's address on this machine. */
  url?: string | undefined;
  /** A key the running server accepts from this machine for the command line (the file is mode 0600). */
  localKey?: string | undefined;
}

/** Raised when another live process holds the embedded data directory. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data directory ${dataDir} is in use by "postroom ${holder.command}" (process ${holder.pid}).\n` +
        'In embedded mode only one process may open it at a time. Stop that process first, or do this through the\n' +
        "running server's API (see /api/docs). To run several processes at once, use PostgreSQL (DATABASE_URL).",
    );
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): void;
  /** Tells other commands how to reach this server (written into the lock file). */
  advertise(details: { url: string; localKey: string }): void;
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (typeof parsed.pid !== 'number') return null;
    return {
      pid: parsed.pid,
      command: String(parsed.command ?? 'serve'),
      url: typeof parsed.url === 'string' ? parsed.url : undefined,
      localKey: typeof parsed.localKey === 'string' ? parsed.localKey : undefined,
    };
  } catch {
    return null; // Unreadable or half-written: treated as stale.
  }
}

/**
 * Takes the data directory for this process (PGlite must never be opened by two processes).
 * A lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'postroom.lock');
  const write = (extra: Record<string, string>, flag: 'wx' | 'w') =>
    writeFileSync(
      file,
      JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString(), ...extra }),
      { flag, mode: 0o600 },
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      write({}, 'wx');
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
        advertise(details) {
          if (!released) write(details, 'w');
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid))
        throw new DataDirInUseError(dataDir, holder);
      try {
        unlinkSync(file);
      } catch {
        // Another process removed it first; try again.
      }
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}; try again.`);
}
