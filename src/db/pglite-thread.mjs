// The embedded database's own thread (see embedded.ts): PGlite runs here, so that its work (the
// WebAssembly PostgreSQL) runs beside the main thread's HTTP, queue and board calls instead of
// between them. The main thread speaks the PostgreSQL wire protocol to it (node-postgres, as to a
// server): bytes come in, PGlite answers them, and its answer goes back as bytes.
// Plain JavaScript, so that Node runs it as it is from src/ (like the migrations, it is not built).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** Bytes received that do not yet make a whole protocol message. */
let pending = new Uint8Array(0);
/** Everything PGlite is asked runs one after another, in the order it came. */
let chain = Promise.resolve();

/** Message types after which PostgreSQL answers: Sync, Query, Flush (and the startup message). */
const ANSWERED = new Set(['S', 'Q', 'H'].map((c) => c.charCodeAt(0)));

/**
 * How many leading bytes of `bytes` PGlite is to run now: whole messages up to and including the
 * last one that asks for an answer. PGlite ends each call as if a Sync followed (it sends
 * ReadyForQuery), so the messages of one extended query (Parse, Bind, Describe, Execute, Sync)
 * must reach it in one call: sent one by one, an error in Bind would be answered twice.
 */
function runnable(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let end = 0;
  while (bytes.length - at >= 5) {
    const startup = bytes[at] === 0 && bytes.length - at >= 8 && view.getInt32(at + 4) === 196_608;
    const length = startup ? view.getInt32(at) : 1 + view.getInt32(at + 1);
    if (bytes.length - at < length) break;
    at += length;
    if (startup || ANSWERED.has(bytes[at - length])) end = at;
    if (startup) break; // PGlite runs a startup message on its own, ignoring what follows it
  }
  return end;
}

/** Runs whole messages and sends PGlite's whole answer back as one message. */
async function answer(bytes) {
  // Each piece is a view of PGlite's memory: posting it would copy all of that memory, so the
  // pieces are copied into an answer of their own.
  const pieces = [];
  await db.execProtocolRawStream(bytes, { onRawData: (data) => pieces.push(data.slice()) });
  if (pieces.length === 0) return;
  let all = pieces[0];
  if (pieces.length > 1) {
    all = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
    let at = 0;
    for (const piece of pieces) {
      all.set(piece, at);
      at += piece.length;
    }
  }
  parentPort.postMessage(all, [all.buffer]);
}

let db;
try {
  // pg_trgm ships inside the PGlite package (no download): migration 0004 creates it (and the
  // trigram index that 0020 drops), so a fresh database needs it to migrate.
  db = await PGlite.create(workerData.dataDir, { extensions: { pg_trgm } });
} catch (error) {
  parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

parentPort.on('message', (message) => {
  if (message instanceof Uint8Array) {
    const bytes = pending.length > 0 ? Buffer.concat([pending, message]) : message;
    const end = runnable(bytes);
    pending = bytes.subarray(end);
    if (end === 0) return;
    const run = bytes.subarray(0, end);
    chain = chain.then(() => answer(run));
  } else if (message.connect) {
    // A new connection starts afresh: nothing left of an earlier one's transaction or statements.
    // Everything answered before `connected` was the earlier connection's.
    pending = new Uint8Array(0);
    chain = chain.then(async () => {
      if (db.isInTransaction()) await db.exec('ROLLBACK');
      await db.exec('DEALLOCATE ALL');
      parentPort.postMessage({ connected: message.connect });
    });
  } else if (message.close) {
    // Once the database is closed (or failed to), the port closes and the thread ends by itself.
    chain = chain.then(() => db.close()).finally(() => parentPort.close());
  }
  chain = chain.catch((error) => {
    parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  });
});
parentPort.postMessage({ ready: true });
