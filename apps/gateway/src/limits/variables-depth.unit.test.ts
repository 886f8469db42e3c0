import { exceedsDepth } from './variables-depth';

describe('exceedsDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(exceedsDepth(1, 0)).toBe(false);
    expect(exceedsDepth(null, 0)).toBe(false);
    expect(exceedsDepth({}, 0)).toBe(true);
    expect(exceedsDepth({ input: { products: [{ _id: 'a', quantity: 1 }] } }, 4)).toBe(false);
    expect(exceedsDepth({ input: { products: [{ _id: 'a', quantity: 1 }] } }, 3)).toBe(true);
  });

  it('finds the deepest branch wherever it is', () => {
    expect(exceedsDepth({ a: 1, b: [1, 2, { c: [[1]] }], d: {} }, 4)).toBe(true);
    expect(exceedsDepth({ a: 1, b: [1, 2, { c: [[1]] }], d: {} }, 5)).toBe(false);
  });

  it('walks 100,000 levels without the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}1${']'.repeat(100_000)}`);
    expect(exceedsDepth(deep, 10)).toBe(true);
    expect(exceedsDepth(deep, 100_000)).toBe(false);
  });
});
