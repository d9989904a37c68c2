import { describe, expect, it } from 'vitest';
import { machineInfo } from '../bench/support.js';

describe('the machine a benchmark ran on', () => {
  it('names its CPUs, how busy they were, and how long the reference work took in whole milliseconds', async () => {
    const machine = await machineInfo();
    expect(machine.cpuCount).toBeGreaterThan(0);
    expect(machine.cpuBusyAtStartPct).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(machine.referenceWorkMs)).toBe(true);
    // Three million objects made and written as JSON take a noticeable time on any machine.
    expect(machine.referenceWorkMs).toBeGreaterThan(50);
  }, 60_000);
});
