/** Where progress goes: a stream that may be a terminal. */
interface Output {
  isTTY?: boolean;
  write(text: string): unknown;
}

const BAR_WIDTH = 30;

/**
 * Progress of a long command, as `(done, total)` calls: a bar redrawn in place on a terminal, and a
 * plain line (e.g. "Imported 300 of 1000 rows") at least `every` items apart otherwise, for logs and pipes.
 */
export function progressReporter(out: Output, verb: string, unit: string, every = 100) {
  let lastLine = 0;
  return (done: number, total: number): void => {
    if (out.isTTY) {
      const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      out.write(
        `\r${verb} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent}% ${done}/${total} ${unit}`,
      );
      if (done >= total) out.write('\n');
      return;
    }
    if (done >= total || done - lastLine >= every) {
      out.write(`${verb} ${done} of ${total} ${unit}\n`);
      lastLine = done;
    }
  };
}
