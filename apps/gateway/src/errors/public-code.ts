import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, isErrorCode } from '@commerce/service';

/** graphql-js's parser, aborting at `maxTokens` (16.x writes "more that"; a fix would say "than"). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens\. Parsing aborted\.$/;

/**
 * Two touches before the gateway's error masking (format-error.ts):
 * - Apollo re-codes every validation error GRAPHQL_VALIDATION_FAILED; the operation-limit
 *   rules report catalogue codes (TOO_MANY_ALIASES, ...), restored here from the original.
 *   The parser's token limit is a syntax error; it gets TOO_MANY_TOKENS.
 * - In production, schema hints ("Did you mean "orders"?") are cut from every message,
 *   including variable coercion errors, which Apollo's hideSchemaDetailsFromClientErrors
 *   does not reach: they would let a client map a schema whose introspection is off.
 */
export function withPublicCode(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { hideSchemaHints: boolean },
): GraphQLFormattedError {
  let result = formatted;
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const originalCode = original instanceof GraphQLError ? original.extensions['code'] : undefined;
  if (formatted.extensions?.['code'] === 'GRAPHQL_VALIDATION_FAILED' && isErrorCode(originalCode)) {
    result = { ...result, extensions: { ...result.extensions, code: originalCode } };
  }
  if (
    formatted.extensions?.['code'] === 'GRAPHQL_PARSE_FAILED' &&
    TOKEN_LIMIT.test(formatted.message)
  ) {
    result = { ...result, extensions: { ...result.extensions, code: ErrorCode.TOO_MANY_TOKENS } };
  }
  if (options.hideSchemaHints) {
    result = { ...result, message: withoutSuggestions(result.message) };
  }
  return result;
}

/** graphql-js's hints: ` Did you mean "a", "b", or "c"?`, ` Did you mean the enum value "X"?`. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, '');
}
