// The sandbox's Find a job: accounts with their folders (files in memory), and the adverts the
// imports made. Its own reading of docs/boards/dwp-find-a-job.md; nothing from the adapter.

/** One account's SFTP home: `Inbound/x.xml` -> content. */
export type Folders = Map<string, string>;

export interface SandboxAdvertRecord {
  account: string;
  code: string;
  /** live, expired (its date passed, or an expire file), or refused never stored. */
  status: 'live' | 'expired';
  postedOn: string;
  expiry: string;
  /** Uploads that made or replaced it. */
  uploads: number;
  body: Record<string, unknown>;
}

export interface SandboxFaults {
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
