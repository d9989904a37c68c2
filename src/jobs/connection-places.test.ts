import { describe, expect, it } from 'vitest';
import { connectionPlaces } from './connection-places.js';

const slot = { slot: 2, until: new Date('2026-12-02T10:00:00Z') };
/** Whether the promise has settled by the time the tasks queued so far have run. */
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('connection places', () => {
  it('lets a set number of jobs through each connection at once; the next waits for a place', async () => {
    const places = connectionPlaces(2);
    const a = await places.acquire('c1', 1_000);
    await places.acquire('c1', 1_000);
    expect(await places.acquire('c2', 1_000)).toMatchObject({ handed: null });
    const waiting = places.acquire('c1', 1_000);
    expect(await settled(waiting)).toBe(false);
    a!.release();
    expect(await waiting).toMatchObject({ handed: null });
  });

  it('hands a slot to the first job waiting, once; with no one waiting the place stays taken', async () => {
    const places = connectionPlaces(1);
    const first = await places.acquire('c1', 1_000);
    expect(first!.handOver(slot)).toBe(false); // No one waits: the caller frees its slot itself.
    const second = places.acquire('c1', 1_000);
    const third = places.acquire('c1', 1_000);
    expect(first!.handOver(slot)).toBe(true);
    expect(await second).toMatchObject({ handed: slot });
    first!.release(); // Handed over already: this gives nothing to the third.
    expect(await settled(third)).toBe(false);
    (await second)!.release();
    expect(await third).toMatchObject({ handed: null });
  });

  it('gives up after the wait, and then takes nothing handed on', async () => {
    const places = connectionPlaces(1);
    const first = await places.acquire('c1', 1_000);
    expect(await places.acquire('c1', 5)).toBeNull();
    expect(first!.handOver(slot)).toBe(false);
    first!.release();
    expect(await places.acquire('c1', 5)).toMatchObject({ handed: null });
  });

  it('tells the jobs that take a place after a pause when it ends, until the connection is idle', async () => {
    const places = connectionPlaces(1);
    const first = await places.acquire('c1', 1_000);
    expect(first!.pausedUntil).toBeNull();
    const second = places.acquire('c1', 1_000);
    const until = new Date('2026-12-03T10:00:00Z');
    first!.pause(until);
    first!.release();
    expect(await second).toMatchObject({ handed: null, pausedUntil: until });
    expect((await places.acquire('c2', 1_000))!.pausedUntil).toBeNull(); // Another connection.
    (await second)!.release();
    // No job of this process runs through it any more: the next claim reads the pause in the database.
    expect((await places.acquire('c1', 1_000))!.pausedUntil).toBeNull();
  });
});
