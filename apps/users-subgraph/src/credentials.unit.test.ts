import { GraphQLError } from 'graphql';
import { normalizeUsername, possibleUsername } from './credentials';

describe('usernames', () => {
  it('normalizes to NFC, for registration and login alike', () => {
    expect(normalizeUsername('Jose\u0301')).toBe('Jos\u00e9');
    expect(possibleUsername('Jose\u0301')).toBe('Jos\u00e9');
  });

  it.each([
    ['a NUL byte', 'ada\u0000'],
    ['a control character', 'ad\u0001a'],
    ['DEL', 'ada\u007f'],
    ['a space', 'ada lovelace'],
    ['a zero-width joiner', 'ad\u200dmin'],
    ['too short', 'ad'],
    ['too long', 'a'.repeat(33)],
  ])('%s: INVALID_USERNAME to register, no account to look up at login', (_what, name) => {
    expect(() => normalizeUsername(name)).toThrow(GraphQLError);
    expect(possibleUsername(name)).toBeUndefined();
  });
});
