import { describe, expect, it } from 'vitest';
import { endOfLifeWarning } from './node-support.js';

describe('the end-of-life warning', () => {
  const today = new Date('2026-11-30T10:00:00Z');

  it('warns on Node.js 20, whose security fixes ended in April 2026, and names the lines to move to', () => {
    expect(endOfLifeWarning('v20.20.2', today)).toBe(
      'Warning: Node.js 20 reached its end of life on 2026-04-30 and gets no more security fixes. Run Postroom on a supported LTS line (Node.js 22 or 24).',
    );
    expect(endOfLifeWarning('v25.1.0', today)).toContain('Node.js 25 reached its end of life');
  });

  it('stays quiet on supported lines, on newer ones it does not know, and before the date', () => {
    expect(endOfLifeWarning('v22.11.0', today)).toBeNull();
    expect(endOfLifeWarning('v24.0.0', today)).toBeNull();
    expect(endOfLifeWarning('v26.0.0', today)).toBeNull();
    expect(endOfLifeWarning('v20.19.0', new Date('2026-04-29T12:00:00Z'))).toBeNull();
  });
});
