// The sandbox's Find a job: accounts with their folders (files in memory), and the adverts the
// imports made. Its own reading of docs/boards/dwp-find-a-job.md; nothing from the adapter.

/** One account's SFTP home: `Inbound/x.xml` -> content. */
export type Folders = Map<string, string>;

export interface SandboxAdvertRecord {
  account: string;
  code: string;
  /** live; expired (its date passed); closed (an expire file removed it). */
  status: 'live' | 'expired' | 'closed';
  postedOn: string;
  expiry: string;
  /** Uploads that made or replaced it. */
  uploads: number;
  body: Record<string, unknown>;
}

/**
 * Faults on demand: the shared ones (src/boards/sandbox/faults.ts) as SFTP can show them, and
 * Find a job's own. Rates are drawn per upload.
 */
export interface SandboxFaults {
  /** Uploads refused before anything is written (also `rateLimitRate`: SFTP has no 429). */
  errorRate: number;
  rateLimitRate: number;
  /** The file is stored, then the answer never comes (the client gives up). */
  timeoutRate: number;
  /** The file is stored, then the connection drops. */
  resetRate: number;
  retryAfterSeconds: number;
  /** Delay before answering an upload, in milliseconds. */
  latencyMs: number;
  /** Refuse every upload (permission denied). */
  refuseUpload: boolean;
  /** Store the file, then drop the connection before answering the write. */
  cutUpload: boolean;
  /** Imports leave Inbound/ alone (the import is late). */
  skipImport: boolean;
  /** Imports write no report. */
  noReport: boolean;
  /** Imports refuse whole files with this message. */
  fileError: string | null;
}

export const NO_FAULTS: SandboxFaults = {
  errorRate: 0,
  rateLimitRate: 0,
  timeoutRate: 0,
  resetRate: 0,
  retryAfterSeconds: 1,
  latencyMs: 0,
  refuseUpload: false,
  cutUpload: false,
  skipImport: false,
  noReport: false,
  fileError: null,
};

export class DwpSandboxState {
  readonly passwords = new Map<string, string>([['demo', 'demo-find-a-job-password']]);
  readonly folders = new Map<string, Folders>();
  readonly adverts = new Map<string, SandboxAdvertRecord>();
  faults: SandboxFaults = { ...NO_FAULTS };
  /** Uploads received, and the faults drawn on them (the benchmark reads `requests`). */
  counters = { requests: 0, errors: 0, rateLimited: 0, timeouts: 0, resets: 0 };
  /** The day the import takes as today (tests pick one), else the real UK day. */
  today: string | null = null;

  folder(account: string): Folders {
    let folders = this.folders.get(account);
    if (!folders) {
      folders = new Map();
      this.folders.set(account, folders);
    }
    return folders;
  }
  day(): string {
    return this.today ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  }
  advertKey = (account: string, code: string) => `${account}\u0000${code}`;
}
