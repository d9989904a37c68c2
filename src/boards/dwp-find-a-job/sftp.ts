// SFTP to Find a job with `ssh2` (docs/boards/dwp-find-a-job.md, "Transport"): one connection per
// call, the host key checked against the connection's fingerprint, and ssh2's errors turned into
// BoardError reasons. Every operation is kept as proof (an exchange), without the password.
import { createHash } from 'node:crypto';
import ssh2, { type SFTPWrapper } from 'ssh2';
import { BoardError, type ClientDeps } from '../board.js';

export interface SftpTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The server's host key as OpenSSH prints it: `SHA256:<base64, no padding>`. */
  hostKey: string;
}

/** An OpenSSH SHA256 fingerprint of a raw host key. */
export const fingerprintOf = (key: Buffer) =>
  `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;

const LABEL = 'Find a job';
export const AUTH_MESSAGE = "Find a job refused this connection's SFTP username or password";

function connectError(error: Error & { level?: string; code?: string }, hostKeyRefused: boolean): BoardError {
  if (hostKeyRefused)
    return new BoardError(
      'auth',
      `${LABEL}'s SFTP server did not show the host key this connection expects`,
      {
        cause: error,
      },
    );
  if (error.level === 'client-authentication') return new BoardError('auth', AUTH_MESSAGE, { cause: error });
  return new BoardError('unavailable', `${LABEL}'s SFTP server could not be reached (${error.message})`, {
    cause: error,
  });
}

/** Opens a session, runs `work`, closes. Errors before the session are `unavailable` or `auth`. */
export async function withSftp<T>(
  target: SftpTarget,
  deps: Pick<ClientDeps, 'timeoutMs'>,
  work: (sftp: SFTPWrapper) => Promise<T>,
): Promise<T> {
  const client = new ssh2.Client();
  let hostKeyRefused = false;
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
    client
      .on('ready', () =>
        client.sftp((error, session) => (error ? reject(connectError(error, false)) : resolve(session))),
      )
      .on('error', (error) => reject(connectError(error, hostKeyRefused)))
      .connect({
        host: target.host,
        port: target.port,
        username: target.username,
        password: target.password,
        readyTimeout: deps.timeoutMs ?? 20_000,
        hostVerifier: (key: Buffer) => {
          hostKeyRefused = fingerprintOf(key) !== target.hostKey;
          return !hostKeyRefused;
        },
      });
  });
  try {
    return await withTimeout(work(sftp), deps.timeoutMs ?? 60_000);
  } finally {
    client.end();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new BoardError('unknown_outcome', `${LABEL}'s SFTP server did not answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The callback-style SFTP calls as promises. */
export const sftpCalls = (sftp: SFTPWrapper) => ({
  /** Open, write, close: an error on opening (`stage: 'open'`) means nothing was written. */
  write: (path: string, data: string) =>
    new Promise<void>((resolve, reject) => {
      sftp.open(path, 'w', (openError, handle) => {
        if (openError) return reject(Object.assign(openError, { stage: 'open' }));
        const buffer = Buffer.from(data, 'utf8');
        sftp.write(handle, buffer, 0, buffer.length, 0, (writeError) => {
          if (writeError) return reject(writeError);
          sftp.close(handle, (closeError) => (closeError ? reject(closeError) : resolve()));
        });
      });
    }),
  read: (path: string) =>
    new Promise<string>((resolve, reject) =>
      sftp.readFile(path, (e, data) => (e ? reject(e) : resolve(data.toString('utf8')))),
    ),
  list: (path: string) =>
    new Promise<string[]>((resolve, reject) =>
      sftp.readdir(path, (e, list) => (e ? reject(e) : resolve(list.map((f) => f.filename).sort()))),
    ),
});

/** SFTP's "no such file" status (2), as ssh2 reports it. */
export const isMissing = (error: unknown) => (error as { code?: unknown })?.code === 2;
/** SFTP's "permission denied" status (3): the server refused, nothing was written. */
export const isDenied = (error: unknown) => (error as { code?: unknown })?.code === 3;
/** The server refused to open the file: nothing was written. */
export const refusedAtOpen = (error: unknown) => (error as { stage?: unknown })?.stage === 'open';
