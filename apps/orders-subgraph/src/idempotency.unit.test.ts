import { GraphQLError } from 'graphql';
import { checkIdempotencyKey, requestHash } from './idempotency';

const A = '0b6b1a4e-6a8e-4a43-9d57-1c0b7c3b2a01';
const B = '0b6b1a4e-6a8e-4a43-9d57-1c0b7c3b2a02';

describe('idempotency keys', () => {
  it('accepts visible ASCII up to 128 characters', () => {
    expect(checkIdempotencyKey('5f0c1c9e-2f6a-4b8e-9b1e-7f2f6c1d9a00')).toBe(
      '5f0c1c9e-2f6a-4b8e-9b1e-7f2f6c1d9a00',
    );
    expect(checkIdempotencyKey('k'.repeat(128))).toBe('k'.repeat(128));
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(129)],
    ['a space', 'a b'],
    ['non-ASCII', 'clé'],
  ])('refuses %s', (_what, key) => {
    expect(() => checkIdempotencyKey(key)).toThrow(GraphQLError);
    try {
      checkIdempotencyKey(key);
    } catch (error) {
      expect((error as GraphQLError).extensions['code']).toBe('INVALID_IDEMPOTENCY_KEY');
    }
  });

  it('hashes the lines, not their order', () => {
    const one = requestHash([
      { productId: A, quantity: 1 },
      { productId: B, quantity: 2 },
    ]);
    expect(
      requestHash([
        { productId: B, quantity: 2 },
        { productId: A, quantity: 1 },
      ]),
    ).toBe(one);
    expect(
      requestHash([
        { productId: A, quantity: 2 },
        { productId: B, quantity: 2 },
      ]),
    ).not.toBe(one);
  });
});
