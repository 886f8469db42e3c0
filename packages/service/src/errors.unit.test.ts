import { HeaderMap } from '@apollo/server';
import { ERRORS, ErrorCode, apiError, isClientErrorCode, isErrorCode, maskedError } from './errors';

describe('the error catalogue', () => {
  it('keeps every code as a string constant of its own name', () => {
    expect(ErrorCode.NOT_FOUND).toBe('NOT_FOUND');
    for (const [name, code] of Object.entries(ErrorCode)) {
      expect(code).toBe(name);
      expect(ERRORS[code].code).toBe(code);
    }
  });

  it('raises a field error with the code and the public extras', () => {
    const error = ERRORS.INVALID_QUANTITY.err('quantity must be 1 to 10000', { field: 'quantity' });
    expect(error.message).toBe('quantity must be 1 to 10000');
    expect(error.extensions).toEqual({ code: 'INVALID_QUANTITY', field: 'quantity' });
    expect(apiError(ErrorCode.INVALID_QUANTITY, error.message, { field: 'quantity' })).toEqual(
      error,
    );
  });

  it("refuses a whole request with the code's status and, for retries, Retry-After", () => {
    const refusal = ERRORS.RATE_LIMITED.refusal('too many attempts', { retryAfter: 7 });
    expect(refusal.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: 7,
      http: { status: 429, headers: new HeaderMap([['retry-after', '7']]) },
    });
    expect(ERRORS.TOO_MANY_ALIASES.refusal('too many').extensions).toEqual({
      code: 'TOO_MANY_ALIASES',
      http: { status: 400, headers: new HeaderMap() },
    });
    expect(ERRORS.OPERATION_NOT_PERSISTED.responseBody('not in the manifest')).toEqual({
      errors: [{ message: 'not in the manifest', extensions: { code: 'OPERATION_NOT_PERSISTED' } }],
    });
  });

  it('masks the unexpected with one message and no details', () => {
    expect(maskedError(['order'])).toEqual({
      message: 'Internal server error',
      path: ['order'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(maskedError()).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('shows every code but the mask, and Apollo Server request errors, as they are', () => {
    expect(isClientErrorCode('RATE_LIMITED')).toBe(true);
    expect(isClientErrorCode('SERVICE_UNAVAILABLE')).toBe(true);
    expect(isClientErrorCode('GRAPHQL_VALIDATION_FAILED')).toBe(true);
    expect(isClientErrorCode('INTERNAL_SERVER_ERROR')).toBe(false);
    expect(isClientErrorCode('DOWNSTREAM_SERVICE_ERROR')).toBe(false);
    expect(isClientErrorCode(undefined)).toBe(false);
    expect(isErrorCode('NOT_FOUND')).toBe(true);
    expect(isErrorCode('GRAPHQL_VALIDATION_FAILED')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});
