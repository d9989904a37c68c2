import { describe, expect, it } from 'vitest';
import { medianRound } from '../bench/scaleout.js';

describe('scale-out median round', () => {
  const of = (r: { ratio: number | null }) => r.ratio;

  it('takes the round whose ratio is the middle one', () => {
    const rounds = [{ ratio: 1.21 }, { ratio: 1.11 }, { ratio: 1.15 }];
    expect(medianRound(rounds, of)).toBe(rounds[2]);
  });

  it('takes the higher of the two middle ones of an even number, and leaves out rounds with no ratio', () => {
    expect(medianRound([{ ratio: 2 }, { ratio: 1 }], of)).toEqual({ ratio: 2 });
    expect(medianRound([{ ratio: null }, { ratio: 1.3 }, { ratio: 1.1 }, { ratio: null }], of)).toEqual({
      ratio: 1.3,
    });
    expect(medianRound([{ ratio: null }], of)).toBeUndefined();
  });
});
