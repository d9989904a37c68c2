// The embedded database's own thread (see embedded.ts): PGlite runs here, so that its work (the
// WebAssembly PostgreSQL) runs beside the main thread's HTTP, queue and board calls instead of
// between them. The main thread speaks the PostgreSQL wire protocol to it (node-postgres, as to a
// server): bytes come in, PGlite answers them, and its answer goes back as bytes.
// Plain JavaScript, so that Node runs it as it is from src/ (like the migrations, it is not built).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * PGlite has one session, which the main thread's connections share: each sends statements,
 * tagged with its id, and gets its answers back tagged alike. They run one at a time, in the order
 * they came, except that while a connection is in a transaction only its statements run (the
 * others' wait), so a transaction is its connection's alone, as on a server. Several connections
 * let the main thread send the next statements while PGlite runs one, instead of one at a time.
 */
/** Each connection's bytes received that do not yet make a whole protocol message. */
const pendingOf = new Map();
/** Whole messages waiting to run, oldest first: { id, bytes }, or other work: { id, work }. */
const waiting = [];
/** The connection whose transaction is open (its ReadyForQuery said T or E), if any. */
let owner;
/** True while PGlite runs something. */
let running = false;
/** Named statements the session has (their Parse succeeded): a connection's Parse of one is not run again. */
const parsed = new Set();

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

const PARSE = 'P'.charCodeAt(0);
const PARSE_COMPLETE = Uint8Array.of('1'.charCodeAt(0), 0, 0, 0, 4);
const READY = 'Z'.charCodeAt(0);
const IDLE = 'I'.charCodeAt(0);

/** The name of the named statement `bytes` starts by parsing, if it does. */
function parsedName(bytes) {
  if (bytes[0] !== PARSE) return undefined;
  const end = bytes.indexOf(0, 5);
  return end > 5 ? Buffer.from(bytes.buffer, bytes.byteOffset + 5, end - 5).toString('utf8') : undefined;
}

/** `parts` one after another, in memory of their own (posting a view would copy PGlite's memory). */
function joined(parts) {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/**
 * Runs one connection's whole messages and sends PGlite's whole answer back as one message. A
 * Parse of a statement the session already has is left out and answered as done (ParseComplete),
 * as a server answers a connection that parses its own statement.
 */
async function answer({ id, bytes }) {
  const name = parsedName(bytes);
  const skip =
    name !== undefined && parsed.has(name) ? 1 + new DataView(bytes.buffer, bytes.byteOffset).getInt32(1) : 0;
  const pieces = skip ? [PARSE_COMPLETE] : [];
  await db.execProtocolRawStream(bytes.subarray(skip), { onRawData: (data) => pieces.push(data.slice()) });
  if (name !== undefined && !skip && pieces[0]?.[0] === PARSE_COMPLETE[0]) parsed.add(name);
  const all = pieces.length === 1 && !skip ? pieces[0] : joined(pieces);
  // The transaction state ends the answer: while it is open, only this connection runs.
  if (all.length >= 6 && all[all.length - 6] === READY) owner = all[all.length - 1] === IDLE ? undefined : id;
  if (all.length > 0) parentPort.postMessage({ id, bytes: all }, [all.buffer]);
}

/** Runs the next message that may run now, one at a time. */
function next() {
  if (running) return;
  const at = owner === undefined ? 0 : waiting.findIndex((w) => w.id === owner);
  if (at < 0 || at >= waiting.length) return;
  const [unit] = waiting.splice(at, 1);
  running = true;
  (unit.work ? unit.work() : answer(unit))
    .catch((error) => {
      parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
    })
    .finally(() => {
      running = false;
      next();
    });
}

/** A connection ended (after what it sent ran): its open transaction is rolled back. */
async function ended(id) {
  pendingOf.delete(id);
  if (owner !== id) return;
  owner = undefined;
  if (db.isInTransaction()) await db.exec('ROLLBACK');
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
  if (message.bytes) {
    const { id } = message;
    const pending = pendingOf.get(id);
    const bytes = pending?.length ? Buffer.concat([pending, message.bytes]) : message.bytes;
    const end = runnable(bytes);
    pendingOf.set(id, bytes.subarray(end));
    if (end === 0) return;
    waiting.push({ id, bytes: bytes.subarray(0, end) });
    next();
  } else if (message.end) {
    waiting.push({ id: message.end, work: () => ended(message.end) });
    next();
  } else if (message.close) {
    // Once the database is closed (or failed to), the port closes and the thread ends by itself.
    waiting.push({ work: () => db.close().finally(() => parentPort.close()) });
    next();
  }
});
parentPort.postMessage({ ready: true });
