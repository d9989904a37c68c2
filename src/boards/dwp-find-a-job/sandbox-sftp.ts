// The sandbox's SFTP server on loopback (ssh2's Server and SFTP subsystem): one home per account
// with Inbound/, Outbound/ and processed/, files kept in memory (docs/boards/dwp-find-a-job.md,
// "Transport", "What the sandbox must do"). Uploads go into Inbound/ only; the rest is read-only.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
// ssh2 is CommonJS: Node's ESM loader gives its exports on the default import only.
import ssh2, { type Connection, type SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;

import type { DwpSandboxState } from './sandbox-state.js';

const { OPEN_MODE, STATUS_CODE } = utils.sftp;
const DIRECTORIES = ['', 'Inbound', 'Outbound', 'processed'];

type AfterWrite = 'cut' | 'hold' | null;
type Handle =
  | { path: string; write: boolean; data: Buffer; fault?: AfterWrite }
  | { dir: string; listed: boolean };

const clean = (path: string) => path.replace(/^\/+|\/+$/g, '').replace(/^\.\/?/, '');
const attrs = (size: number, dir: boolean) => {
  const now = Math.floor(Date.now() / 1000);
  return { mode: (dir ? 0o040755 : 0o100644) | 0, uid: 0, gid: 0, size, atime: now, mtime: now };
};

export interface SandboxSftp {
  host: string;
  port: number;
  hostKey: string;
  close(): Promise<void>;
}

/** What happens to one upload under the faults set: refused, stored then cut or held, or none. */
function drawUploadFault(state: DwpSandboxState): 'refuse' | AfterWrite {
  const { faults, counters } = state;
  counters.requests += 1;
  if (Math.random() < faults.errorRate) {
    counters.errors += 1;
    return 'refuse';
  }
  if (Math.random() < faults.rateLimitRate) {
    counters.rateLimited += 1;
    return 'refuse';
  }
  if (faults.cutUpload) return 'cut';
  const roll = Math.random();
  if (roll < faults.timeoutRate) {
    counters.timeouts += 1;
    return 'hold';
  }
  if (roll < faults.timeoutRate + faults.resetRate) {
    counters.resets += 1;
    return 'cut';
  }
  return null;
}

function serveSftp(sftp: SFTPWrapper, client: Connection, account: string, state: DwpSandboxState) {
  const later = (answer: () => void) =>
    state.faults.latencyMs > 0 ? setTimeout(answer, state.faults.latencyMs) : answer();
  const files = state.folder(account);
  const handles = new Map<number, Handle>();
  let next = 0;
  const take = (buffer: Buffer) => handles.get(buffer.readUInt32BE(0));
  const open = (reqid: number, handle: Handle) => {
    const id = next++;
    handles.set(id, handle);
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(id);
    sftp.handle(reqid, buffer);
  };

  sftp
    .on('OPEN', (reqid, filename, flags) => {
      const path = clean(filename);
      if (flags & OPEN_MODE.WRITE) {
        const inbound = /^Inbound\/[^/]+\.xml$/.test(path);
        if (!inbound || state.faults.refuseUpload) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED);
        return void later(() => {
          const fault = drawUploadFault(state);
          if (fault === 'refuse') return sftp.status(reqid, STATUS_CODE.FAILURE, 'Service unavailable');
          return open(reqid, { path, write: true, data: Buffer.alloc(0), fault });
        });
      }
      const content = files.get(path);
      if (content === undefined) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
      return open(reqid, { path, write: false, data: Buffer.from(content, 'utf8') });
    })
    .on('WRITE', (reqid, buffer, offset, data) => {
      const handle = take(buffer);
      if (!handle || !('write' in handle) || !handle.write) return sftp.status(reqid, STATUS_CODE.FAILURE);
      const grown = Buffer.alloc(Math.max(handle.data.length, offset + data.length));
      handle.data.copy(grown);
      data.copy(grown, offset);
      handle.data = grown;
      return sftp.status(reqid, STATUS_CODE.OK);
    })
    .on('READ', (reqid, buffer, offset, length) => {
      const handle = take(buffer);
      if (!handle || !('write' in handle)) return sftp.status(reqid, STATUS_CODE.FAILURE);
      if (offset >= handle.data.length) return sftp.status(reqid, STATUS_CODE.EOF);
      return sftp.data(reqid, handle.data.subarray(offset, offset + length));
    })
    .on('FSTAT', (reqid, buffer) => {
      const handle = take(buffer);
      if (!handle || !('write' in handle)) return sftp.status(reqid, STATUS_CODE.FAILURE);
      return sftp.attrs(reqid, attrs(handle.data.length, false));
    })
    .on('CLOSE', (reqid, buffer) => {
      const handle = take(buffer);
      handles.delete(buffer.readUInt32BE(0));
      if (handle && 'write' in handle && handle.write) {
        files.set(handle.path, handle.data.toString('utf8'));
        // The file arrived, the answer does not: the client cannot tell whether it did.
        if (handle.fault === 'cut') return client.end();
        if (handle.fault === 'hold') return;
      }
      return sftp.status(reqid, STATUS_CODE.OK);
    })
    .on('OPENDIR', (reqid, path) => {
      const dir = clean(path);
      if (!DIRECTORIES.includes(dir)) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
      return open(reqid, { dir, listed: false });
    })
    .on('READDIR', (reqid, buffer) => {
      const handle = take(buffer);
      if (!handle || !('dir' in handle)) return sftp.status(reqid, STATUS_CODE.FAILURE);
      if (handle.listed) return sftp.status(reqid, STATUS_CODE.EOF);
      handle.listed = true;
      const prefix = handle.dir === '' ? '' : `${handle.dir}/`;
      const names =
        handle.dir === ''
          ? DIRECTORIES.slice(1).map((d) => ({ filename: d, longname: d, attrs: attrs(0, true) }))
          : [...files.entries()]
              .filter(([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
              .map(([p, c]) => ({
                filename: p.slice(prefix.length),
                longname: p,
                attrs: attrs(c.length, false),
              }));
      if (names.length === 0) return sftp.status(reqid, STATUS_CODE.EOF);
      return sftp.name(reqid, names);
    })
    .on('STAT', (reqid, path) => statOf(reqid, path))
    .on('LSTAT', (reqid, path) => statOf(reqid, path))
    .on('REALPATH', (reqid, path) =>
      sftp.name(reqid, [{ filename: `/${clean(path)}`, longname: '', attrs: attrs(0, true) }]),
    );

  function statOf(reqid: number, path: string) {
    const p = clean(path);
    if (DIRECTORIES.includes(p)) return sftp.attrs(reqid, attrs(0, true));
    const content = files.get(p);
    if (content === undefined) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
    return sftp.attrs(reqid, attrs(Buffer.byteLength(content), false));
  }
}

/**
 * A fresh ed25519 host key pair. ssh2's generateKeyPairSync drops a public key's leading zero byte
 * (about one key in 256), which its own parser then refuses as malformed: such a pair is made again.
 */
function hostKeyPair() {
  for (let tries = 0; ; tries += 1) {
    const keys = utils.generateKeyPairSync('ed25519');
    const parsed = utils.parseKey(keys.public);
    const parsedPrivate = utils.parseKey(keys.private);
    if (!(parsed instanceof Error) && !(parsedPrivate instanceof Error)) return { keys, parsed };
    if (tries === 20) throw parsed instanceof Error ? parsed : parsedPrivate;
  }
}

/** Starts the SFTP server on 127.0.0.1 with a host key made now; password logins of the sandbox's accounts. */
export async function startSandboxSftp(state: DwpSandboxState): Promise<SandboxSftp> {
  const { keys, parsed } = hostKeyPair();
  const hostKey = `SHA256:${createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [keys.private] }, (client) => {
    clients.add(client);
    let account = '';
    client
      .on('authentication', (ctx) => {
        if (ctx.method === 'password' && state.passwords.get(ctx.username) === ctx.password) {
          account = ctx.username;
          return ctx.accept();
        }
        return ctx.reject(['password']);
      })
      .on('ready', () => {
        client.on('session', (accept) => {
          accept().on('sftp', (acceptSftp) => serveSftp(acceptSftp(), client, account, state));
        });
      })
      .on('error', () => {})
      .on('close', () => clients.delete(client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    hostKey,
    close: () =>
      new Promise((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
