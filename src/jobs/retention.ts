import type { Logger } from 'pino';
import type { Clock, ServiceDeps } from '../services/deps.js';
import { runRetention } from '../services/privacy/retention.js';

export const RETENTION_EVERY_MS = 24 * 60 * 60_000;

/**
 * The daily retention run (services/privacy/retention.ts): once at start, then every `everyMs`.
 * Each run erases what is past its organisation's period at the clock's `now`.
 */
export function startRetention(
  deps: Pick<ServiceDeps, 'db'> & { clock: Clock; logger: Logger },
  options: { uploadsDir: string; everyMs?: number },
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = (async () => {
      try {
        const result = await runRetention(deps, options, deps.clock.now());
        if (result.applications > 0)
          deps.logger.info(result, 'retention erased applications past their period');
      } catch (error) {
        deps.logger.warn({ err: error }, 'retention run failed; it runs again tomorrow');
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(run, options.everyMs ?? RETENTION_EVERY_MS);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
