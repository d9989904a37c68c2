import { join } from 'node:path';
import type { Command } from 'commander';
import { VERSION } from '../../main/version.js';
import { config } from '../database.js';
import { exitOnSignalUntilReady, onStopSignal } from '../stop-signal.js';

/** `postroom worker`: only the worker, for deployments that run it apart from the server. */
export function workerCommand(program: Command) {
  program
    .command('worker')
    .description(
      'Run only the worker: it sends postings to the boards, retries, expires and checks them, and delivers webhooks and e-mails. Any number of workers (and servers) may share one PostgreSQL database (DATABASE_URL).',
    )
    .action(async () => {
      const starting = exitOnSignalUntilReady();
      const [{ createLogger }, { openRuntime }, { startPostingWorker }] = await Promise.all([
        import('../../main/logger.js'),
        import('../../main/runtime.js'),
        import('../../main/worker.js'),
      ]);
      const cfg = await config();
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
        `Postroom ${VERSION} worker is running (${cfg.worker.concurrency} at a time, ${cfg.worker.perConnection} per connection across all workers). Press Ctrl+C to stop.`,
      );
      starting.ready();
      onStopSignal(logger, async () => {
        await worker.stop();
        await runtime.close();
      });
    });
}
