import type { Logger } from 'pino';

export interface JobLoopOptions<J> {
  /** Jobs run at once. */
  concurrency: number;
  /** How often to look for due jobs when nothing wakes the loop. */
  pollMs: number;
  logger: Logger;
  /** Logged when a look fails; the loop tries again at the next poll. */
  failure: string;
  /** Turns recorded work into jobs before each fetch; returns how many it made (0: nothing left). */
  dispatch?: () => Promise<number>;
  /** Takes up to `limit` due jobs from the queue. */
  fetch: (limit: number) => Promise<J[]>;
  /** Runs one job; it handles its own errors. */
  run: (job: J) => Promise<void>;
}

export interface JobLoop {
  /** Looks for jobs now, or once more after the look under way. */
  poll(): void;
  /** Jobs running now. */
  busy(): number;
  /** Stops looking and waits for the jobs running. */
  stop(): Promise<void>;
}

/**
 * Takes due jobs and runs them, at most `concurrency` at a time. It looks when started, when
 * polled, when a job ends and every `pollMs`; one look at a time, and a poll during a look makes it
 * look again, so no wake is lost. While jobs run, it looks only once a quarter of the places are
 * free, so that under load each look (a statement) takes several jobs. Shared by the posting worker
 * and the notification worker.
 */
export function startJobLoop<J>(options: JobLoopOptions<J>): JobLoop {
  const batch = Math.max(1, Math.floor(options.concurrency / 4));
  const running = new Set<Promise<void>>();
  let stopped = false;
  let polling = false;
  let again = false;
  /**
   * The last look found fewer jobs than it could take: until something wakes the loop (or the next
   * timed look), a job ending does not look again, which would only find the queue empty.
   */
  let drained = false;
  let timer: NodeJS.Timeout | undefined;

  const take = async () => {
    do {
      again = false;
      while (options.dispatch && (await options.dispatch()) > 0 && !stopped) again = true;
      const free = options.concurrency - running.size;
      // While jobs run, wait until a quarter of the places are free: one look takes many jobs.
      if (free <= 0 || (running.size > 0 && free < batch)) break;
      const jobs = await options.fetch(free);
      for (const job of jobs) {
        const promise = options.run(job).finally(() => {
          running.delete(promise);
          if (!stopped && !drained) void poll();
        });
        running.add(promise);
      }
      drained = jobs.length < free;
      if (!drained) again = true;
    } while (again && !stopped);
  };

  const poll = async () => {
    if (stopped) return;
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    try {
      await take();
    } catch (error) {
      options.logger.warn({ err: error }, options.failure);
    } finally {
      polling = false;
      if (!stopped) {
        clearTimeout(timer);
        timer = setTimeout(() => void poll(), options.pollMs);
      }
    }
  };

  /** A wake from outside: jobs may have been added, so a job ending looks again too. */
  const wake = () => {
    drained = false;
    void poll();
  };

  void poll();
  return {
    poll: wake,
    busy: () => running.size,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
