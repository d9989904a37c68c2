import type { createLogger } from '../main/logger.js';

/** Stops cleanly on SIGTERM or SIGINT (in-flight work finishes); a second signal exits at once. */
export function onStopSignal(logger: ReturnType<typeof createLogger>, stop: () => Promise<void>) {
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal: exiting without waiting');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down: finishing work in flight');
    stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
