import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** How a code is defined: what it means and, for refusals, the HTTP status they carry. */
type CodeSpec = {
  readonly description: string;
  /**
   * Set when the code refuses a request as a whole (before or instead of executing it):
   * the HTTP status of that response. Unset: a resolver raises it, and it travels in a
   * 200 response beside whatever data did resolve.
   */
  readonly status?: number;
  /** Every code is safe to show as it is, except the mask for everything unexpected. */
  readonly clientError?: false;
};

/** Extensions a catalogue error may carry besides its code (PUBLIC_EXTENSION_KEYS). */
export type ErrorExtras = { field?: string; details?: unknown; retryAfter?: number };

/** One code of the catalogue, with what it means and the factories that raise it. */
export type ErrorCodeDefinition<Code extends string = string> = {
  readonly code: Code;
  readonly description: string;
  readonly status: number | undefined;
  /** A problem with the client's request (or a declared condition): shown as it is. */
  readonly clientError: boolean;
  /** The error a resolver throws. */
  err(message: string, extras?: ErrorExtras): GraphQLError;
  /** The error as a `formatError` hook returns it. */
  formatted(message: string, path?: GraphQLFormattedError['path']): GraphQLFormattedError;
};

/** A code that refuses whole requests: its factories set the response's HTTP status. */
export type RefusalCodeDefinition<Code extends string = string> = ErrorCodeDefinition<Code> & {
  readonly status: number;
  /**
   * The error an Apollo plugin or validation rule throws: Apollo answers with `status`,
   * and with a Retry-After header when `retryAfter` (seconds) is given.
   */
  refusal(message: string, extras?: { retryAfter?: number }): GraphQLError;
  /** The GraphQL-shaped body for layers in front of Apollo (HTTP hooks, error handler). */
  responseBody(message: string): { errors: GraphQLFormattedError[] };
};

type Catalogue<Specs> = {
  readonly [Code in keyof Specs & string]: Specs[Code] extends { status: number }
    ? RefusalCodeDefinition<Code>
    : ErrorCodeDefinition<Code>;
};

/**
 * A code with its meaning, how it reaches the client, and its factories (after
 * apollographql/federation's `makeCodeDefinition`).
 */
function makeCodeDefinition(
  code: string,
  spec: CodeSpec,
): ErrorCodeDefinition | RefusalCodeDefinition {
  const formatted = (message: string, path?: GraphQLFormattedError['path']) => ({
    message,
    ...(path ? { path } : {}),
    extensions: { code },
  });
  const { status } = spec;
  const definition: ErrorCodeDefinition = {
    code,
    description: spec.description,
    status,
    clientError: spec.clientError ?? true,
    err: (message, extras = {}) => new GraphQLError(message, { extensions: { code, ...extras } }),
    formatted,
  };
  if (status === undefined) return definition;
  return {
    ...definition,
    status,
    refusal: (message, extras = {}) => {
      const headers = new HeaderMap();
      if (extras.retryAfter !== undefined) headers.set('retry-after', String(extras.retryAfter));
      return new GraphQLError(message, {
        extensions: { code, ...extras, http: { status, headers } },
      });
    },
    responseBody: (message) => ({ errors: [formatted(message)] }),
  };
}

function defineCodes<const Specs extends Record<string, CodeSpec>>(specs: Specs): Catalogue<Specs> {
  const definitions = Object.entries(specs).map(([code, spec]) => [
    code,
    makeCodeDefinition(code, spec),
  ]);
  return Object.fromEntries(definitions) as Catalogue<Specs>;
}

/**
 * The one catalogue of `extensions.code`s the API returns. Clients switch on these, so
 * they are stable: add new ones, never rename. The README's error table is generated from
 * it (`npm run errors:table`).
 */
export const ERRORS = defineCodes({
  UNAUTHENTICATED: {
    description:
      'The operation needs a valid, unexpired bearer token, or (admin operations) an `x-api-key`, and the request carries none.',
  },
  FORBIDDEN: {
    description:
      "The caller may not do this: an `x-api-key` that is not the admin key, or another user's orders.",
  },
  BAD_USER_INPUT: {
    description:
      'An input is missing or malformed. Apollo Server gives variables that do not coerce to their types the same code, refusing the request with 400.',
  },
  BAD_REQUEST: {
    status: 400,
    description:
      "The HTTP request is not one GraphQL can read (unparsable JSON, say); the status is the HTTP layer's own 4xx.",
  },
  NOT_FOUND: {
    description:
      "No such product, or no such order of yours (someone else's order answers the same: no existence oracle).",
  },
  INVALID_USERNAME: {
    description:
      'A username of the wrong length or with characters outside letters, digits, `_.-`.',
  },
  INVALID_PASSWORD: { description: 'A password of the wrong length.' },
  USERNAME_TAKEN: { description: 'registerUser with a username that already exists.' },
  INVALID_CREDENTIALS: {
    description: 'login with a wrong username or password (the two are not told apart).',
  },
  INVALID_NAME: {
    description: 'A product name of the wrong length or with unprintable characters.',
  },
  INVALID_PRICE: { description: 'A price that is not a whole number of cents in range.' },
  INVALID_QUANTITY: {
    description: 'A quantity or stock level that is not a whole number in range.',
  },
  INVALID_ID: { description: 'An id argument that is not a valid id.' },
  UNKNOWN_PRODUCT: { description: 'An order line names a product that does not exist.' },
  EMPTY_ORDER: { description: 'placeOrder without any product.' },
  TOO_MANY_LINES: { description: 'An order with more different products than one order may hold.' },
  ORDER_TOTAL_TOO_LARGE: {
    description:
      'An order whose total (or one line of it) would exceed 2,147,483,647 cents, the largest amount an `Int` holds; nothing is written.',
  },
  ORDER_NOT_CANCELLABLE: {
    description: 'cancelOrder on an order whose status no longer allows it.',
  },
  INVALID_PAGINATION: { description: '`first` outside the allowed page sizes.' },
  IDEMPOTENCY_KEY_REUSED: {
    description: 'An `Idempotency-Key` already used for a different order.',
  },
  INVALID_IDEMPOTENCY_KEY: {
    description: 'An `Idempotency-Key` that is not 1 to 128 visible ASCII characters.',
  },
  RATE_LIMITED: {
    status: 429,
    description:
      'Too many login or registerUser attempts for this username or address; `retryAfter` (and the Retry-After header) says when to try again.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is over the size limit.' },
  // Operation limits, enforced by the gateway before anything executes.
  OPERATION_TOO_DEEP: { status: 400, description: 'The operation nests fields too deeply.' },
  OPERATION_TOO_COSTLY: {
    status: 400,
    description: 'The operation would resolve too many objects (list sizes included).',
  },
  TOO_MANY_ALIASES: { status: 400, description: 'The operation uses too many aliases.' },
  TOO_MANY_DIRECTIVES: { status: 400, description: 'The operation uses too many directives.' },
  TOO_MANY_ROOT_FIELDS: { status: 400, description: 'The operation has too many root fields.' },
  TOO_MANY_TOKENS: { status: 400, description: 'The document is too long to parse.' },
  VARIABLES_TOO_DEEP: {
    status: 400,
    description:
      "The request's `variables` or `extensions` nest objects and arrays deeper than the limit.",
  },
  OPERATION_NOT_PERSISTED: {
    status: 400,
    description:
      'The gateway runs in safelist mode and the operation is not in its persisted operations manifest.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    description:
      "A dependency the request needs is down: the gateway's rate limit counters (a 503 with `retryAfter`), or a subgraph too busy to get a database connection in time (a field error).",
  },
  UPSTREAM_UNAVAILABLE: {
    status: 502,
    description:
      "A REST service behind the rest-subgraph failed (a 5xx answer, a refused connection, a timeout, an unreadable body): a field error, its field null, the upstream's details logged and never shown.",
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    clientError: false,
    description:
      'Anything unexpected, with its details logged and never shown: a field error in a 200 response, or a 500 when the HTTP layer itself fails.',
  },
});

/** The codes as string constants: `ErrorCode.NOT_FOUND === 'NOT_FOUND'`. */
export const ErrorCode = Object.fromEntries(Object.keys(ERRORS).map((code) => [code, code])) as {
  readonly [Code in keyof typeof ERRORS]: Code;
};
export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code);
}

/** Apollo Server's own request errors: not ours to raise, safe to show as they are. */
export const APOLLO_SERVER_CODES = [
  {
    code: 'GRAPHQL_PARSE_FAILED',
    status: 400,
    description: 'The document is not valid GraphQL syntax.',
  },
  {
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
    description: 'The operation does not validate against the schema.',
  },
  {
    code: 'PERSISTED_QUERY_NOT_FOUND',
    status: 200,
    description: 'A persisted query hash the gateway does not know.',
  },
  {
    code: 'PERSISTED_QUERY_NOT_SUPPORTED',
    status: 200,
    description: 'A persisted query hash sent while persisted operations are off.',
  },
  {
    code: 'OPERATION_RESOLUTION_FAILURE',
    status: 400,
    description: 'The request names no operation, or one the document does not hold.',
  },
] as const;

/** Extension keys a client may see; everything else is stripped at the gateway. */
export const PUBLIC_EXTENSION_KEYS = ['code', 'field', 'retryAfter', 'details'] as const;

export function apiError(
  code: ErrorCode,
  message: string,
  extra: { field?: string; details?: unknown } = {},
): GraphQLError {
  return ERRORS[code].err(message, extra);
}

/** The seed API declares `input` nullable; a missing one is bad input, not a crash. */
export function requireInput<T>(input: T | null | undefined, field = 'input'): T {
  if (input === null || input === undefined) {
    throw apiError(ErrorCode.BAD_USER_INPUT, `${field} is required`, { field });
  }
  return input;
}

/** What a client sees of an unexpected error: no message of its own, no details. */
export function maskedError(path?: GraphQLFormattedError['path']): GraphQLFormattedError {
  return ERRORS.INTERNAL_SERVER_ERROR.formatted('Internal server error', path);
}

/**
 * Codes that describe a problem with the client's request: safe to show as they are.
 * Anything else is the server's business and reaches clients as INTERNAL_SERVER_ERROR.
 */
const CLIENT_ERROR_CODES = new Set<string>([
  ...Object.values<ErrorCodeDefinition>(ERRORS)
    .filter((definition) => definition.clientError)
    .map((definition) => definition.code),
  ...APOLLO_SERVER_CODES.map((definition) => definition.code),
]);

export function isClientErrorCode(code: unknown): code is string {
  return typeof code === 'string' && CLIENT_ERROR_CODES.has(code);
}
