import { GraphQLError, parse } from 'graphql';
import { withPublicCode, withoutSuggestions } from './public-code';

describe('withPublicCode', () => {
  it('restores a catalogue code Apollo replaced with GRAPHQL_VALIDATION_FAILED', () => {
    const original = new GraphQLError('Aliases limit of 15 exceeded, found 16.', {
      extensions: { code: 'TOO_MANY_ALIASES' },
    });
    const wrapped = new GraphQLError(original.message, {
      originalError: original,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const formatted = {
      message: original.message,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
    expect(withPublicCode(formatted, wrapped, { hideSchemaHints: false }).extensions).toEqual({
      code: 'TOO_MANY_ALIASES',
    });
  });

  it("gives the parser's token limit its own code", () => {
    let message = '';
    try {
      parse(`{ products { ${'_id '.repeat(2_000)} } }`, { maxTokens: 1_000 });
    } catch (error) {
      message = (error as GraphQLError).message;
    }
    const formatted = { message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(withPublicCode(formatted, undefined, { hideSchemaHints: true }).extensions).toEqual({
      code: 'TOO_MANY_TOKENS',
    });
    const other = {
      message: 'Syntax Error: Expected Name, found <EOF>.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    };
    expect(withPublicCode(other, undefined, { hideSchemaHints: true })).toEqual(other);
  });

  it('leaves other validation errors alone', () => {
    const formatted = {
      message: 'Cannot query field "x"',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
    expect(withPublicCode(formatted, new GraphQLError('x'), { hideSchemaHints: false })).toBe(
      formatted,
    );
  });
});

describe('withoutSuggestions', () => {
  it.each([
    [
      'Cannot query field "prodcts" on type "Query". Did you mean "products" or "product"?',
      'Cannot query field "prodcts" on type "Query".',
    ],
    [
      'Value "PENDIN" does not exist in "OrderStatus" enum. Did you mean the enum value "PENDING"?',
      'Value "PENDIN" does not exist in "OrderStatus" enum.',
    ],
    [
      'Variable "$input" got invalid value { usrname: "a" }; Field "usrname" is not defined by type "LoginInput". Did you mean "username"?',
      'Variable "$input" got invalid value { usrname: "a" }; Field "usrname" is not defined by type "LoginInput".',
    ],
  ])('%s', (message, expected) => {
    expect(withoutSuggestions(message)).toBe(expected);
  });
});
