import { createHash } from 'node:crypto';
import { ErrorCode, apiError } from '@commerce/service';
import type { RequestedLine } from './order-lines';

/** Visible ASCII, as HTTP header values are; a UUID is the usual choice. */
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** The `Idempotency-Key` header, checked; INVALID_IDEMPOTENCY_KEY if it cannot be one. */
export function checkIdempotencyKey(raw: string): string {
  if (!KEY_PATTERN.test(raw)) {
    throw apiError(
      ErrorCode.INVALID_IDEMPOTENCY_KEY,
      'Idempotency-Key must be 1 to 128 visible ASCII characters (a UUID, say)',
      { field: 'Idempotency-Key' },
    );
  }
  return raw;
}

/**
 * What "the same request" means for a key: the same lines after normalisation (duplicates
 * merged, ids lower-cased), in any order. Prices are not part of it: a replay returns the
 * order as placed, at the prices of the first attempt.
 */
export function requestHash(lines: readonly RequestedLine[]): string {
  const canonical = [...lines]
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .map((line) => [line.productId, line.quantity]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function keyReused(): never {
  throw apiError(
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
    'this Idempotency-Key was already used for a different order',
    { field: 'Idempotency-Key' },
  );
}

/** Thrown inside the placing transaction when another attempt holds the key. */
export class IdempotencyKeyClaimed extends Error {
  constructor() {
    super('idempotency key claimed by another attempt');
    this.name = 'IdempotencyKeyClaimed';
  }
}
