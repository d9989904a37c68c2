import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type JobLoop, startJobLoop } from './job-loop.js';

// The loop looks for jobs when one ends only while the queue may hold more: a look that came back
// short means it was empty, until something wakes the loop.

let loop: JobLoop | undefined;
let finishers: (() => void)[] = [];
afterEach(async () => {
  for (const finish of finishers.splice(0)) finish();
  await loop?.stop();
});

/** A loop over a queue of `queued` jobs, counting its looks; each job ends when `finish` is called. */
function loopOver(queued: number[], concurrency: number) {
  const looks: number[] = [];
  finishers = [];
  loop = startJobLoop<number>({
    concurrency,
    pollMs: 60_000,
    logger: pino({ level: 'silent' }),
    failure: 'look failed',
    fetch: async (limit) => {
      looks.push(limit);
      return queued.splice(0, limit);
    },
    run: () => new Promise<void>((done) => finishers.push(done)),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  const finishOne = async () => {
    finishers.shift()?.();
    await settle();
  };
  return { looks, finishOne, settle };
}

describe('job loop', () => {
  it('looks again when a job ends only while the queue may hold more, and after a wake', async () => {
    const queue = [1, 2, 3];
    const { looks, finishOne, settle } = loopOver(queue, 2);
    await settle();
    expect(looks).toEqual([2]); // full: there may be more
    await finishOne();
    expect(looks).toEqual([2, 1]); // took job 3, still a full look
    await finishOne();
    expect(looks).toEqual([2, 1, 1]); // came back empty
    await finishOne();
    expect(looks).toEqual([2, 1, 1]); // the queue was empty: no look
    queue.push(4);
    loop!.poll();
    await settle();
    expect(looks).toEqual([2, 1, 1, 2]);
    expect(queue).toEqual([]);
  });

  it('under load, looks again only when a quarter of its places are free', async () => {
    const queue = Array.from({ length: 20 }, (_, i) => i);
    const { looks, finishOne, settle } = loopOver(queue, 8);
    await settle();
    expect(looks).toEqual([8]);
    await finishOne();
    expect(looks).toEqual([8]); // one place free: it waits for another
    await finishOne();
    expect(looks).toEqual([8, 2]);
    for (let i = 0; i < 8; i++) await finishOne();
    expect(looks).toEqual([8, 2, 2, 2, 2, 2]);
  });
});
