import { GraphQLError } from 'graphql';
import { PAGE_SIZE, toPage } from './pagination';

describe('toPage', () => {
  it('defaults the page size and passes the cursor', () => {
    expect(toPage({})).toEqual({ take: PAGE_SIZE.default });
    expect(toPage({ first: 10, after: 'abc' })).toEqual({ take: 10, after: 'abc' });
  });

  it.each([0, -1, PAGE_SIZE.max + 1, 1e9])('refuses first = %p', (first) => {
    expect(() => toPage({ first })).toThrow(GraphQLError);
    try {
      toPage({ first });
    } catch (error) {
      expect((error as GraphQLError).extensions['code']).toBe('INVALID_PAGINATION');
    }
  });
});
