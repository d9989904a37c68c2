import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { createApp } from '../http/app.js';
import type { RunningWorker } from '../jobs/worker.js';
import { type DemoCredentials, seedDemo } from '../services/demo.js';
import { openRuntime } from './runtime.js';
import { VERSION } from './version.js';
import { startPostingWorker } from './worker.js';

export interface RunningServer {
  url: string;
  demo: DemoCredentials | null;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

/**
 * Starts `postroom serve`: migrations (unless `migrate` is false), the HTTP server (with the sandbox
 * boards when POSTROOM_SANDBOXES=true), then the demo organisation on an empty database (unless
 * POSTROOM_DEMO=false), connected to those sandboxes if mounted; and the posting worker unless `worker` is false.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  options: { port: number; migrate: boolean; worker: boolean; quietRequests?: boolean },
): Promise<RunningServer> {
  const runtime = await openRuntime(config, 'serve', logger);
  let worker: RunningWorker | null = null;
  try {
    if (options.migrate) await runtime.database.migrate();
    await runtime.deps.queue.start();
    // The command line on this machine reaches a running embedded server with this key (see http/auth.ts).
    const localKey = randomBytes(24).toString('base64url');
    const app = await createApp({
      ...runtime.deps,
      pingDatabase: () => runtime.database.ping(),
      version: VERSION,
      sandboxes: config.sandboxes,
      requestLogLevel: options.quietRequests ? 'debug' : 'info',
      localKey,
      sessions: config.sessions,
      uploadsDir: join(config.dataDir, 'uploads'),
      outboundAllow: config.boardUrlAllow,
    });
    await app.listen({ port: options.port, host: config.host });
    const { port } = app.server.address() as AddressInfo;
    runtime.advertise({ url: `http://127.0.0.1:${port}`, localKey });
    // The demo's board connections call this very process's sandboxes over loopback.
    if (config.sandboxes) runtime.deps.boardAddresses.sandboxOrigin = `http://127.0.0.1:${port}`;
    const demo = config.demo
      ? await seedDemo(runtime.deps, config.sandboxes ? { sandboxBaseUrl: `http://127.0.0.1:${port}` } : {})
      : null;
    if (options.worker)
      worker = startPostingWorker(
        runtime.deps,
        config.worker,
        {
          ...config.notifications,
          outboundAllow: config.boardUrlAllow,
        },
        { uploadsDir: join(config.dataDir, 'uploads') },
      );
    const maintenance = scheduleMaintenance(runtime.database, logger);
    let stopping: Promise<void> | null = null;
    return {
      url: `http://localhost:${port}`,
      demo,
      stop() {
        stopping ??= (async () => {
          try {
            clearInterval(maintenance);
            await app.close();
            await worker?.stop();
          } finally {
            await runtime.close();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    await worker?.stop();
    await runtime.close();
    throw error;
  }
}

/** How often an embedded database is vacuumed and analysed (a server's autovacuum does it there). */
const MAINTENANCE_MS = 60 * 60_000;

function scheduleMaintenance(database: Database, logger: Logger): NodeJS.Timeout | undefined {
  const maintain = database.maintain?.bind(database);
  if (!maintain) return undefined;
  const run = () => {
    const started = performance.now();
    maintain().then(
      () => logger.debug({ ms: Math.round(performance.now() - started) }, 'database vacuumed and analysed'),
      (error: unknown) =>
        logger.warn({ err: error }, 'database maintenance failed; it runs again in an hour'),
    );
  };
  const timer = setInterval(run, MAINTENANCE_MS);
  timer.unref();
  return timer;
}
