import { join } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../main/logger.js';
import { openRuntime } from '../../main/runtime.js';
import { VERSION } from '../../main/version.js';
import { startPostingWorker } from '../../main/worker.js';
import { config } from '../database.js';
import { onStopSignal } from '../stop-signal.js';

/** `postroom worker`: only the worker, for deployments that run it apart from the server. */
export function workerCommand(program: Command) {
  program
    .command('worker')
    .description(
      'Run only the worker: it sends postings to the boards, retries, expires and checks them, and delivers webhooks and e-mails. Any number of workers (and servers) may share one PostgreSQL database (DATABASE_URL).',
    )
    .action(async () => {
      const cfg = config();
      const logger = createLogger(cfg, 1);
      const runtime = await openRuntime(cfg, 'worker', logger);
      if (runtime.database.kind === 'embedded') await runtime.database.migrate();
      await runtime.deps.queue.start();
      const worker = startPostingWorker(
        runtime.deps,
        cfg.worker,
        {
          ...cfg.notifications,
          outboundAllow: cfg.boardUrlAllow,
        },
        { uploadsDir: join(cfg.dataDir, 'uploads') },
      );
      console.log(
        `Postroom ${VERSION} worker is running (${cfg.worker.concurrency} at a time, ${cfg.worker.perConnection} per connection). Press Ctrl+C to stop.`,
      );
      onStopSignal(logger, async () => {
        await worker.stop();
        await runtime.close();
      });
    });
}
