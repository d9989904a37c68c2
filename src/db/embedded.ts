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

type FromThread = Uint8Array | { ready?: true; connected?: number; failed?: string };

export interface PgliteThread {
  /** A new connection's stream, for node-postgres (`stream`); one connection at a time. */
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
  // The thread answers in the order it was asked, and says when it starts on a new connection:
  // what it sends is for the connection it last said it started on (an earlier connection's last
  // answer may come after the next connection was opened here).
  const streams = new Map<number, Duplex>();
  let connections = 0;
  let answering: Duplex | undefined;
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
    if (message instanceof Uint8Array)
      answering?.push(Buffer.from(message.buffer, message.byteOffset, message.length));
    else if (message.connected) {
      for (const id of streams.keys()) if (id < message.connected) streams.delete(id);
      answering = streams.get(message.connected);
    } else if (message.ready) opened?.();
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
      worker.postMessage({ connect: id });
      const stream = new Duplex({
        read() {},
        write(chunk: Buffer, _encoding, done) {
          const copy = new Uint8Array(chunk); // exactly these bytes, not the pool they may sit in
          worker.postMessage(copy, [copy.buffer]);
          done();
        },
        // node-postgres corks the messages of one statement (Parse, Bind, Execute, Sync): they
        // cross to the thread as one message, not one each.
        writev(chunks: { chunk: Buffer }[], done) {
          const copy = joined(chunks.map((c) => c.chunk));
          worker.postMessage(copy, [copy.buffer]);
          done();
        },
        final(done) {
          // The client ended the connection: close the stream as a socket would, since node-postgres
          // waits for 'close' to call back `end()` (and pg-pool waits for that to end the pool).
          done();
          stream.destroy();
        },
      });
      stream.on('close', () => streams.delete(id));
      // What node-postgres asks of a socket.
      Object.assign(stream, {
        connect() {
          setImmediate(() => stream.emit('connect'));
          return stream;
        },
        setNoDelay() {},
        setKeepAlive() {},
        ref: () => worker.ref(),
        unref: () => worker.unref(),
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
