/**
 * The reviews API's error codes: every error answers `{ code, message }` with one of these and
 * its HTTP status. Clients (the rest-subgraph among them) switch on `code`: add, never rename.
 */
export const REST_ERRORS = {
  BAD_REQUEST: {
    status: 400,
    description: 'The request is not one the API can read (not JSON, say).',
  },
  INVALID_PRODUCT_KEY: {
    status: 400,
    description: 'A product key of 1 to 100 letters, digits or `._:-` is expected.',
  },
  INVALID_ID: { status: 400, description: 'A review id is a UUID.' },
  INVALID_PAGING: {
    status: 400,
    description: '`offset` 0..100000 and `amount` 1..100, whole numbers.',
  },
  INVALID_RATING: { status: 400, description: 'A rating is a whole number from 1 to 5.' },
  INVALID_TEXT: {
    status: 400,
    description: 'A text of 1 to 2000 characters, no control characters but newlines and tabs.',
  },
  UNAUTHENTICATED: {
    status: 401,
    description: 'Writing needs a valid `Authorization: Bearer <token>`.',
  },
  NOT_FOUND: { status: 404, description: 'No such review (or route).' },
  REVIEW_EXISTS: { status: 409, description: 'The user has reviewed this product already.' },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    description: 'Anything unexpected; logged, never detailed.',
  },
} as const;

export type RestErrorCode = keyof typeof REST_ERRORS;

/** An error a route throws; the error handler answers it as `{ code, message }`. */
export class RestError extends Error {
  readonly status: number;
  constructor(
    readonly code: RestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RestError';
    this.status = REST_ERRORS[code].status;
  }
}
