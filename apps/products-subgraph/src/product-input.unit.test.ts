import { GraphQLError } from 'graphql';
import { LIMITS, checkName, checkPrice } from './product-input';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as GraphQLError).extensions['code'];
  }
  return 'no error';
};

describe('checkName', () => {
  it.each([
    ['plain text', 'Kettle, 1.7 l'],
    ['other scripts', 'Чайник 電気ケトル'],
    ['an emoji', 'Kettle ☕'],
  ])('accepts %s', (_what, name) => {
    expect(checkName(name)).toBe(name);
  });

  it('trims and normalizes to NFC', () => {
    expect(checkName('  Cafe\u0301 ')).toBe('Caf\u00e9');
  });

  it.each([
    ['a NUL byte', 'Kettle\u0000'],
    ['a bell', 'Ket\u0007tle'],
    ['a right-to-left override', 'Kettle\u202egnp.exe'],
    ['a left-to-right isolate', 'Kettle\u2066x\u2069'],
    ['a right-to-left mark', 'Kettle\u200f'],
    ['a zero-width space', 'Ket\u200btle'],
    ['a zero-width joiner', 'Ket\u200dtle'],
    ['a byte order mark', 'Ket\ufefftle'],
    ['a lone surrogate', 'Kettle\ud800'],
    ['a private-use character', 'Kettle\ue000'],
    ['a line separator', 'Ket\u2028tle'],
    ['nothing but spaces', '   '],
    ['too long', 'k'.repeat(LIMITS.nameLength.max + 1)],
  ])('refuses %s: INVALID_NAME', (_what, name) => {
    expect(codeOf(() => checkName(name))).toBe('INVALID_NAME');
  });
});

describe('checkPrice', () => {
  it('accepts whole cents up to the maximum, which fits an Int', () => {
    expect(checkPrice(LIMITS.price.max)).toBe(LIMITS.price.max);
    expect(LIMITS.price.max).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it.each([[-1], [1.5], [LIMITS.price.max + 1]])('refuses %p: INVALID_PRICE', (price) => {
    expect(codeOf(() => checkPrice(price))).toBe('INVALID_PRICE');
  });
});
