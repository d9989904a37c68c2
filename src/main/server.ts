import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createApp } from '../http/app.js';
import { type DemoCredentials, seedDemo } from '../services/demo.js';
import { openRuntime } from './runtime.js';
import { VERSION } from './version.js';

export interface RunningServer {
  url: string;
  demo: DemoCredentials | null;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

/**
 * Starts `postroom serve`: migrations (unless `migrate` is false), the demo organisation on an
 * empty database (unless POSTROOM_DEMO=false), then the HTTP server.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  options: { port: number; migrate: boolean },
): Promise<RunningServer> {
  const runtime = await openRuntime(config, 'serve', logger);
  try {
    if (options.migrate) await runtime.database.migrate();
    const demo = config.demo ? await seedDemo(runtime.deps) : null;
    const app = await createApp({
      ...runtime.deps,
      pingDatabase: () => runtime.database.ping(),
      version: VERSION,
    });
    const address = await app.listen({ port: options.port, host: config.host });
    const port = new URL(address).port;
    let stopping: Promise<void> | null = null;
    return {
      url: `http://localhost:${port}`,
      demo,
      stop() {
        stopping ??= (async () => {
          try {
            await app.close();
          } finally {
            await runtime.close();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
