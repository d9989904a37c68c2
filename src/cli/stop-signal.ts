import type { createLogger } from '../main/logger.js';

/**
 * Until `ready()`, SIGTERM or SIGINT ends a starting process at once (nothing is in flight yet), so
 * a process stopped while it starts (a test's clean-up, a Ctrl+C) never stays running: libraries
 * loaded during start-up may take the signals over.
 */
export function exitOnSignalUntilReady(): { ready(): void } {
  const exit = () => process.exit(130);
  process.on('SIGTERM', exit);
  process.on('SIGINT', exit);
  return {
    ready() {
      process.off('SIGTERM', exit);
      process.off('SIGINT', exit);
    },
  };
}

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
