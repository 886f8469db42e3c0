import { GraphQLError } from 'graphql';
import { ORDER_LIMITS, checkTotal, normalizeLines } from './order-lines';

const A = '0b6b1a4e-6a8e-4a43-9d57-1c0b7c3b2a01';
const B = '0b6b1a4e-6a8e-4a43-9d57-1c0b7c3b2a02';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as GraphQLError).extensions['code'];
  }
  return 'no error';
}

describe('normalizeLines', () => {
  it('merges duplicate lines by summing their quantities', () => {
    expect(
      normalizeLines([
        { _id: A, quantity: 2 },
        { _id: B, quantity: 1 },
        { _id: A.toUpperCase(), quantity: 3 },
      ]),
    ).toEqual([
      { productId: A, quantity: 5 },
      { productId: B, quantity: 1 },
    ]);
  });

  it.each([
    ['no lines', null, 'EMPTY_ORDER'],
    ['an empty list', [], 'EMPTY_ORDER'],
    ['a null line', [null], 'BAD_USER_INPUT'],
    ['quantity 0', [{ _id: A, quantity: 0 }], 'INVALID_QUANTITY'],
    ['quantity -1', [{ _id: A, quantity: -1 }], 'INVALID_QUANTITY'],
    ['a fractional quantity', [{ _id: A, quantity: 1.5 }], 'INVALID_QUANTITY'],
    ['2^31 units', [{ _id: A, quantity: 2 ** 31 }], 'INVALID_QUANTITY'],
    ['a non-uuid id', [{ _id: 'nope', quantity: 1 }], 'UNKNOWN_PRODUCT'],
    [
      'merged lines over the per-product maximum',
      [
        { _id: A, quantity: ORDER_LIMITS.maxQuantity },
        { _id: A, quantity: 1 },
      ],
      'INVALID_QUANTITY',
    ],
    [
      'too many distinct products',
      Array.from({ length: ORDER_LIMITS.maxLines + 1 }, (_, i) => ({
        _id: `0b6b1a4e-6a8e-4a43-9d57-${String(i).padStart(12, '0')}`,
        quantity: 1,
      })),
      'TOO_MANY_LINES',
    ],
  ])('rejects %s', (_what, lines, code) => {
    expect(codeOf(() => normalizeLines(lines))).toBe(code);
  });
});

describe('checkTotal', () => {
  const MAX_PRICE = 100_000_000;

  it('answers the total of lines up to the largest Int', () => {
    expect(
      checkTotal([
        { quantity: 2, unitPriceCents: 150 },
        { quantity: 1, unitPriceCents: 99 },
      ]),
    ).toBe(399);
    expect(checkTotal([{ quantity: 1, unitPriceCents: ORDER_LIMITS.maxTotalCents }])).toBe(
      ORDER_LIMITS.maxTotalCents,
    );
    expect(checkTotal([{ quantity: 21, unitPriceCents: MAX_PRICE }])).toBe(2_100_000_000);
  });

  it.each([
    ['22 units at the largest price (the issue)', [{ quantity: 22, unitPriceCents: MAX_PRICE }]],
    [
      'the most units of one product at the largest price',
      [{ quantity: ORDER_LIMITS.maxQuantity, unitPriceCents: MAX_PRICE }],
    ],
    [
      'lines that fit one by one but not summed',
      [
        { quantity: 1, unitPriceCents: ORDER_LIMITS.maxTotalCents },
        { quantity: 1, unitPriceCents: 1 },
      ],
    ],
    [
      'the most lines of the most units at the largest price',
      Array.from({ length: ORDER_LIMITS.maxLines }, () => ({
        quantity: ORDER_LIMITS.maxQuantity,
        unitPriceCents: MAX_PRICE,
      })),
    ],
  ])('refuses %s: ORDER_TOTAL_TOO_LARGE', (_what, lines) => {
    expect(codeOf(() => checkTotal(lines))).toBe('ORDER_TOTAL_TOO_LARGE');
  });
});
