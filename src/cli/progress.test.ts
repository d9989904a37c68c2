import { describe, expect, it } from 'vitest';
import { progressReporter } from './progress.js';

const recorder = (isTTY: boolean) => {
  const written: string[] = [];
  return { out: { isTTY, write: (text: string) => written.push(text) }, written };
};

describe('progress', () => {
  it('writes a plain line every 100 rows and at the end when not on a terminal', () => {
    const { out, written } = recorder(false);
    const report = progressReporter(out, 'Imported', 'rows');
    for (const done of [50, 100, 150, 200, 250]) report(done, 250);
    expect(written).toEqual([
      'Imported 100 of 250 rows\n',
      'Imported 200 of 250 rows\n',
      'Imported 250 of 250 rows\n',
    ]);
  });

  it('redraws one bar in place on a terminal and ends it with a line break', () => {
    const { out, written } = recorder(true);
    const report = progressReporter(out, 'Checked', 'rows');
    report(50, 100);
    report(100, 100);
    expect(written).toEqual([
      `\rChecked [${'#'.repeat(15)}${'.'.repeat(15)}] 50% 50/100 rows`,
      `\rChecked [${'#'.repeat(30)}] 100% 100/100 rows`,
      '\n',
    ]);
  });
});
