import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Raised when another live process holds the embedded data directory. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; command: string },
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

/**
 * Takes the data directory for this process (PGlite must never be opened by two processes).
 * A lock left by a process that no longer runs is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string, command: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'postroom.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(
        file,
        JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString() }),
        {
          flag: 'wx',
          mode: 0o600,
        },
      );
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid: number; command: string } | null = null;
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; command?: unknown };
        if (typeof parsed.pid === 'number')
          holder = { pid: parsed.pid, command: String(parsed.command ?? 'serve') };
      } catch {
        // Unreadable or half-written lock: treat as stale.
      }
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
