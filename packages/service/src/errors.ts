import { GraphQLError } from 'graphql';

/**
 * The one catalogue of `extensions.code`s the API returns. Clients switch on these, so
 * they are stable: add new ones, never rename.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_USERNAME: 'INVALID_USERNAME',
  INVALID_PASSWORD: 'INVALID_PASSWORD',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INVALID_NAME: 'INVALID_NAME',
  INVALID_PRICE: 'INVALID_PRICE',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  INVALID_ID: 'INVALID_ID',
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
  EMPTY_ORDER: 'EMPTY_ORDER',
  TOO_MANY_LINES: 'TOO_MANY_LINES',
  ORDER_NOT_CANCELLABLE: 'ORDER_NOT_CANCELLABLE',
  INVALID_PAGINATION: 'INVALID_PAGINATION',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** Operation limits enforced by the gateway before anything executes. */
  OPERATION_TOO_DEEP: 'OPERATION_TOO_DEEP',
  OPERATION_TOO_COSTLY: 'OPERATION_TOO_COSTLY',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  TOO_MANY_ROOT_FIELDS: 'TOO_MANY_ROOT_FIELDS',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  /** The gateway runs in safelist mode and the operation is not in its manifest. */
  OPERATION_NOT_PERSISTED: 'OPERATION_NOT_PERSISTED',
  INVALID_IDEMPOTENCY_KEY: 'INVALID_IDEMPOTENCY_KEY',
  /** A dependency the request needs is down; `retryAfter` says when to try again. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Extension keys a client may see; everything else is stripped at the gateway. */
export const PUBLIC_EXTENSION_KEYS = ['code', 'field', 'retryAfter', 'details'] as const;

export function apiError(
  code: ErrorCode,
  message: string,
  extra: { field?: string; details?: unknown } = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** The seed API declares `input` nullable; a missing one is bad input, not a crash. */
export function requireInput<T>(input: T | null | undefined, field = 'input'): T {
  if (input === null || input === undefined) {
    throw apiError(ErrorCode.BAD_USER_INPUT, `${field} is required`, { field });
  }
  return input;
}

/**
 * Codes that describe a problem with the client's request: safe to show as they are.
 * Anything else is the server's business and reaches clients as INTERNAL_SERVER_ERROR.
 */
const CLIENT_ERROR_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  // Apollo Server's own request errors (parse, validation, bad request).
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function isClientErrorCode(code: unknown): code is string {
  return typeof code === 'string' && CLIENT_ERROR_CODES.has(code);
}
