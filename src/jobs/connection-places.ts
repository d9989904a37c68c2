import type { ConnectionSlots, HeldSlot, SlotPlace } from './posting-job.js';

/**
 * The places of the jobs this process runs through each board connection: at most `perConnection`
 * at once; the others wait, first come, first served, for a place given up or handed on (with the
 * database slot of the call that ended, so that the next call need not wait for a free one). A pause
 * the board asked for reaches the jobs that were already waiting, through `pausedUntil`.
 */
export function connectionPlaces(perConnection: number): ConnectionSlots {
  const busyByConnection = new Map<string, number>();
  const waiting = new Map<string, ((handed: HeldSlot | null) => void)[]>();
  const pauses = new Map<string, Date>();

  const place = (connectionId: string, handed: HeldSlot | null): SlotPlace => {
    let given = false;
    const next = () => waiting.get(connectionId)?.shift();
    return {
      handed,
      pausedUntil: pauses.get(connectionId) ?? null,
      pause(until) {
        pauses.set(connectionId, until);
      },
      handOver(slot) {
        const waiter = given ? undefined : next();
        if (!waiter) return false;
        given = true;
        waiter(slot);
        return true;
      },
      release() {
        if (given) return;
        given = true;
        const waiter = next();
        if (waiter) return waiter(null);
        busyByConnection.set(connectionId, (busyByConnection.get(connectionId) ?? 1) - 1);
        if (busyByConnection.get(connectionId) === 0) pauses.delete(connectionId);
      },
    };
  };

  return {
    async acquire(connectionId, waitMs) {
      const busy = busyByConnection.get(connectionId) ?? 0;
      if (busy < perConnection) {
        busyByConnection.set(connectionId, busy + 1);
        return place(connectionId, null);
      }
      return new Promise((resolve) => {
        const queue = waiting.get(connectionId) ?? [];
        waiting.set(connectionId, queue);
        const wake = (handed: HeldSlot | null) => {
          clearTimeout(expiry);
          resolve(place(connectionId, handed));
        };
        const expiry = setTimeout(() => {
          queue.splice(queue.indexOf(wake), 1);
          resolve(null);
        }, waitMs);
        queue.push(wake);
      });
    },
  };
}
