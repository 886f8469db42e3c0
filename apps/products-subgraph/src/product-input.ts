import { ErrorCode, apiError } from '@commerce/service';

export const LIMITS = {
  nameLength: { min: 1, max: 200 },
  /**
   * Cents: up to 1,000,000.00 per unit, well inside GraphQL's Int; an order's total is
   * bounded on its own (orders' ORDER_LIMITS.maxTotalCents, the largest Int).
   */
  price: { min: 0, max: 100_000_000 },
  stock: { min: 0, max: 1_000_000 },
  restock: { min: 1, max: 1_000_000 },
} as const;

/**
 * What a name may not hold: control characters (NUL, which Postgres refuses, among them),
 * format characters (bidirectional overrides and isolates, zero-width spaces and joiners,
 * the byte order mark: text that displays other than it reads), lone surrogates, private
 * use, and line or paragraph separators.
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

export function checkName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  const length = [...name].length;
  if (length < LIMITS.nameLength.min || length > LIMITS.nameLength.max || UNPRINTABLE.test(name)) {
    throw apiError(
      ErrorCode.INVALID_NAME,
      `name must be ${LIMITS.nameLength.min} to ${LIMITS.nameLength.max} printable characters`,
      { field: 'name' },
    );
  }
  return name;
}

export function checkPrice(price: number): number {
  if (!Number.isInteger(price) || price < LIMITS.price.min || price > LIMITS.price.max) {
    throw apiError(
      ErrorCode.INVALID_PRICE,
      `price must be a whole number of cents from ${LIMITS.price.min} to ${LIMITS.price.max}`,
      { field: 'price' },
    );
  }
  return price;
}

export function checkQuantity(
  quantity: number,
  range: { min: number; max: number },
  field = 'quantity',
): number {
  if (!Number.isInteger(quantity) || quantity < range.min || quantity > range.max) {
    throw apiError(
      ErrorCode.INVALID_QUANTITY,
      `${field} must be a whole number from ${range.min} to ${range.max}`,
      { field },
    );
  }
  return quantity;
}
