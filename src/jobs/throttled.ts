/** A function that calls `run` at most once per `ms`. */
export interface Throttled {
  (): void;
  /** Drops a call that is waiting. */
  cancel(): void;
}

/**
 * Calls `run` at once, then at most once per `ms`: the calls made during a wait are gathered into
 * one, made at its end.
 */
export function throttled(run: () => void, ms: number): Throttled {
  let timer: NodeJS.Timeout | null = null;
  let waiting = false;
  const call = () => {
    if (timer) {
      waiting = true;
      return;
    }
    run();
    timer = setTimeout(() => {
      timer = null;
      if (!waiting) return;
      waiting = false;
      call();
    }, ms);
  };
  return Object.assign(call, {
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      waiting = false;
    },
  });
}
