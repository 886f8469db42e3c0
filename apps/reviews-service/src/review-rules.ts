import { RestError } from './rest-errors';

/** The bounds of the API's inputs (openapi.yaml states the same). */
export const LIMITS = {
  textLength: 2000,
  maxAmount: 100,
  defaultAmount: 20,
  maxOffset: 100_000,
} as const;

const PRODUCT_KEY = /^[A-Za-z0-9._:-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Control characters other than tab, newline and carriage return.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export type ReviewDraft = { rating: number; text: string };
export type Paging = { offset: number; amount: number };

export function productKeyOf(value: unknown): string {
  if (typeof value !== 'string' || !PRODUCT_KEY.test(value)) {
    throw new RestError(
      'INVALID_PRODUCT_KEY',
      'productKey must be 1 to 100 letters, digits or ._:-',
    );
  }
  return value;
}

export function reviewIdOf(value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new RestError('INVALID_ID', 'a review id is a UUID');
  }
  return value.toLowerCase();
}

/** Query-string paging: absent values take their defaults; anything else must be a whole number in range. */
export function pagingOf(query: { offset?: unknown; amount?: unknown }): Paging {
  const offset = wholeNumber(query.offset, 0);
  const amount = wholeNumber(query.amount, LIMITS.defaultAmount);
  if (
    offset === undefined ||
    offset > LIMITS.maxOffset ||
    amount === undefined ||
    amount < 1 ||
    amount > LIMITS.maxAmount
  ) {
    throw new RestError(
      'INVALID_PAGING',
      `offset must be 0..${LIMITS.maxOffset} and amount 1..${LIMITS.maxAmount}`,
    );
  }
  return { offset, amount };
}

function wholeNumber(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}

export function reviewDraftOf(body: unknown): ReviewDraft {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RestError('BAD_REQUEST', 'the body must be a JSON object { rating, text }');
  }
  const { rating, text } = body as Record<string, unknown>;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
    throw new RestError('INVALID_RATING', 'rating must be a whole number from 1 to 5');
  }
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed.length === 0 || [...trimmed].length > LIMITS.textLength || CONTROL.test(trimmed)) {
    throw new RestError(
      'INVALID_TEXT',
      `text must be 1 to ${LIMITS.textLength} characters without control characters`,
    );
  }
  return { rating, text: trimmed };
}
