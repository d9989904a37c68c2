/**
 * When each Node.js release line stops getting security fixes (https://nodejs.org/en/about/previous-releases).
 * Lines after the last listed one are taken as supported.
 */
const END_OF_LIFE: Record<number, string> = {
  18: '2025-04-30',
  19: '2023-06-01',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
};

/**
 * A warning for the start banner when `version` (e.g. "v20.20.2") has reached its end of life on
 * `today`: Postroom still runs, but the runtime gets no more security fixes.
 */
export function endOfLifeWarning(version: string, today: Date): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  const endedOn = END_OF_LIFE[major];
  if (!endedOn || today.toISOString().slice(0, 10) < endedOn) return null;
  return `Warning: Node.js ${major} reached its end of life on ${endedOn} and gets no more security fixes. Run Postroom on a supported LTS line (Node.js 22 or 24).`;
}
