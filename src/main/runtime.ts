import type { Logger } from 'pino';
import { createBoardAddressPolicy } from '../boards/address-policy.js';
import { guardedFetch } from '../boards/guarded-fetch.js';
import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/client.js';
import { PostingQueue } from '../jobs/queue.js';
import { type ServiceDeps, systemClock } from '../services/deps.js';
import { createSecretBox } from '../services/secret-box.js';
import { lockDataDir } from './data-dir-lock.js';
import { jobExpirySecondsFor } from './worker.js';

export interface Runtime {
  deps: ServiceDeps & { queue: PostingQueue };
  database: Database;
  /** In embedded mode, tells other commands how to reach this server. */
  advertise(details: { url: string; localKey: string }): void;
  close(): Promise<void>;
}

/**
 * Opens the database for one command. In embedded mode the data directory is locked first, so a
 * second process gets a clear refusal instead of a corrupted database.
 */
export async function openRuntime(config: Config, command: string, logger: Logger): Promise<Runtime> {
  const lock = config.database.kind === 'embedded' ? lockDataDir(config.dataDir, command) : null;
  const release = () => lock?.release();
  let database: Database;
  try {
    database = await openDatabase(config.database);
  } catch (error) {
    release();
    throw error;
  }
  const queue = new PostingQueue(database.executor, logger, {
    jobExpirySeconds: jobExpirySecondsFor(config.worker),
    maintenanceSeconds: config.worker.queueMaintenanceSeconds,
    ...(database.listen ? { listen: database.listen.bind(database) } : {}),
  });
  const boardAddresses = createBoardAddressPolicy(config.boardUrlAllow);
  // A worker of its own reaches the server's sandboxes at the configured port; `serve` sets the
  // port it really listens on.
  if (config.sandboxes) boardAddresses.sandboxOrigin = `http://127.0.0.1:${config.port}`;
  return {
    deps: {
      queue,
      boardAddresses,
      applyLimits: config.applyLimits,
      db: database.db,
      clock: systemClock,
      logger,
      secretBox: createSecretBox(config.secretKey),
      fetch: guardedFetch(boardAddresses),
      publicUrl: config.publicUrl,
      ...(database.localEpoch ? { localEpoch: database.localEpoch } : {}),
    },
    database,
    advertise: (details) => lock?.advertise(details),
    async close() {
      try {
        await queue.stop();
        await database.close();
      } finally {
        release();
      }
    },
  };
}
