import { quantile, rotation, summarize } from './stats';

describe('summarize', () => {
  it('gives the median and range of the rounds', () => {
    const s = summarize([10, 12, 11]);
    expect(s).toMatchObject({ median: 11, min: 10, max: 12 });
    expect(s.spread).toBeCloseTo(2 / 11);
    expect(s.inconclusive).toBe(true);
  });

  it('is conclusive when rounds are within 10% of the median', () => {
    expect(summarize([100, 104, 97]).inconclusive).toBe(false);
  });

  it('averages the middle pair of an even count', () => {
    expect(summarize([1, 2, 3, 4]).median).toBe(2.5);
  });
});

describe('rotation', () => {
  it('moves the first contender to the back each round', () => {
    expect(rotation(['F', 'G', 'H'], 0)).toEqual(['F', 'G', 'H']);
    expect(rotation(['F', 'G', 'H'], 1)).toEqual(['G', 'H', 'F']);
    expect(rotation(['F', 'G', 'H'], 3)).toEqual(['F', 'G', 'H']);
  });
});

describe('quantile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
  });
});
