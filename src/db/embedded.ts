// The embedded database in a thread of its own (pglite-thread.mjs), reached with node-postgres
// over an in-process stream: the main thread only sends statements and reads answers, as it does
// to a PostgreSQL server, while PGlite's work runs on the other core (issue 20's profile: PGlite on
// the main thread was about 60% of its busy time, between the HTTP requests and the board calls).
import { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Resolves from both src/db and dist/db: the thread's script is plain JavaScript under src/db. */
const THREAD = fileURLToPath(new URL('../../src/db/pglite-thread.mjs', import.meta.url));

/** How long a closed database's thread has to end by itself before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

type FromThread = { id?: number; bytes?: Uint8Array; ready?: true; failed?: string };

export interface PgliteThread {
  /**
   * A new connection's stream, for node-postgres (`stream`). Connections share PGlite's one
   * session: their statements run one at a time, and a transaction's alone until it ends.
   */
  connect(): Duplex;
  /** Waits for what was sent, closes the database (a clean shut-down) and ends the thread. */
  close(): Promise<void>;
}

/** The bytes of `parts`, one after another, in memory of their own (a transfer takes all of it). */
function joined(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const all = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/** Starts PGlite on `dataDir` in its own thread; resolves once it has opened the database. */
export async function startPgliteThread(dataDir: string): Promise<PgliteThread> {
  const worker = new Worker(THREAD, { workerData: { dataDir } });
  // The thread's answers name the connection they are for.
  const streams = new Map<number, Duplex>();
  let connections = 0;
  // The thread keeps the process alive while any connection is in use (node-postgres unrefs an
  // idle one's socket, as the pool's allowExitOnIdle asks).
  const unreferenced = new Set<number>();
  const referenced = (id: number, on: boolean) => {
    if (on) unreferenced.delete(id);
    else unreferenced.add(id);
    if ([...streams.keys()].some((s) => !unreferenced.has(s))) worker.ref();
    else worker.unref();
  };
  let opened: ((error?: Error) => void) | null = null;
  /** Why the thread can answer no more, once it cannot. */
  let ended: Error | undefined;
  const lost = (error: Error) => {
    ended ??= error;
    opened?.(error);
    for (const stream of streams.values()) stream.destroy(error);
    streams.clear();
  };
  worker.on('message', (message: FromThread) => {
    const { bytes } = message;
    if (bytes) streams.get(message.id!)?.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    else if (message.ready) opened?.();
    else if (message.failed) lost(new Error(`the embedded database failed: ${message.failed}`));
  });
  worker.on('error', lost);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('exit', (code) => lost(new Error(`the embedded database's thread ended (exit code ${code})`)));
  await new Promise<void>((resolve, reject) => {
    opened = (error) => {
      opened = null;
      if (error) reject(error);
      else resolve();
    };
  });

  return {
    connect() {
      const id = ++connections;
      const send = (bytes: Uint8Array<ArrayBuffer>) => worker.postMessage({ id, bytes }, [bytes.buffer]);
      const stream = new Duplex({
        read() {},
        write(chunk: Buffer, _encoding, done) {
          send(new Uint8Array(chunk)); // exactly these bytes, not the pool they may sit in
          done();
        },
        // node-postgres corks the messages of one statement (Parse, Bind, Execute, Sync): they
        // cross to the thread as one message, not one each.
        writev(chunks: { chunk: Buffer }[], done) {
          send(joined(chunks.map((c) => c.chunk)));
          done();
        },
        final(done) {
          // The client ended the connection: close the stream as a socket would, since node-postgres
          // waits for 'close' to call back `end()` (and pg-pool waits for that to end the pool).
          done();
          stream.destroy();
        },
      });
      stream.on('close', () => {
        // The thread rolls back a transaction the connection left open.
        if (streams.delete(id)) worker.postMessage({ end: id });
        referenced(id, false);
        unreferenced.delete(id);
      });
      // What node-postgres asks of a socket.
      Object.assign(stream, {
        connect() {
          setImmediate(() => stream.emit('connect'));
          return stream;
        },
        setNoDelay() {},
        setKeepAlive() {},
        ref: () => referenced(id, true),
        unref: () => referenced(id, false),
      });
      if (ended) {
        const error = ended;
        process.nextTick(() => stream.destroy(error)); // a clear error, not a connection that hangs
      } else streams.set(id, stream);
      return stream;
    },
    async close() {
      // The thread ends by itself once the database is closed. It is not terminated while it does:
      // worker.terminate() racing a thread's own exit can abort the whole process (a Node fault
      // class, seen as a test worker that "exited unexpectedly"), so only a thread that has not
      // ended a while after being asked to close is terminated.
      worker.ref(); // an idle pool leaves it unreferenced, and the process must wait for it now
      worker.postMessage({ close: true });
      const late = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(late);
    },
  };
}
