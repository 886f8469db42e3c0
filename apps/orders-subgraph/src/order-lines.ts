import { ErrorCode, apiError, isUuid } from '@commerce/service';

export const ORDER_LIMITS = {
  /** Distinct products in one order, after merging duplicate lines. */
  maxLines: 50,
  /** Units of one product in one order. */
  maxQuantity: 10_000,
  /**
   * Cents an order may total: GraphQL's largest `Int` (2^31 - 1), which `Order.total` is.
   * The largest unit price (products' checkPrice, 100,000,000) is far below it, but not
   * times maxQuantity: an order is priced, then checked against this before it is written.
   */
  maxTotalCents: 2 ** 31 - 1,
} as const;

export type RequestedLine = { productId: string; quantity: number };

/**
 * Checks the lines of a placeOrder and merges duplicates (two lines of one product become
 * one line with the summed quantity). Throws a coded error for the first problem found.
 */
export function normalizeLines(
  raw: readonly ({ _id: string; quantity: number } | null | undefined)[] | null | undefined,
): RequestedLine[] {
  if (!raw || raw.length === 0) {
    throw apiError(ErrorCode.EMPTY_ORDER, 'an order needs at least one product', {
      field: 'products',
    });
  }
  const merged = new Map<string, number>();
  for (const [index, line] of raw.entries()) {
    if (!line) {
      throw apiError(ErrorCode.BAD_USER_INPUT, `products[${index}] is empty`, {
        field: `products[${index}]`,
      });
    }
    const { _id: productId, quantity } = line;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > ORDER_LIMITS.maxQuantity) {
      throw apiError(
        ErrorCode.INVALID_QUANTITY,
        `quantity must be a whole number from 1 to ${ORDER_LIMITS.maxQuantity}`,
        { field: `products[${index}].quantity` },
      );
    }
    if (!isUuid(productId)) {
      throw apiError(ErrorCode.UNKNOWN_PRODUCT, `unknown product ${JSON.stringify(productId.slice(0, 64))}`, {
        field: `products[${index}]._id`,
      });
    }
    merged.set(productId.toLowerCase(), (merged.get(productId.toLowerCase()) ?? 0) + quantity);
  }
  if (merged.size > ORDER_LIMITS.maxLines) {
    throw apiError(
      ErrorCode.TOO_MANY_LINES,
      `an order may hold at most ${ORDER_LIMITS.maxLines} different products`,
      { field: 'products' },
    );
  }
  const lines = [...merged].map(([productId, quantity]) => ({ productId, quantity }));
  const tooMany = lines.find((line) => line.quantity > ORDER_LIMITS.maxQuantity);
  if (tooMany) {
    throw apiError(
      ErrorCode.INVALID_QUANTITY,
      `at most ${ORDER_LIMITS.maxQuantity} units of one product per order`,
      { field: 'products', details: { productId: tooMany.productId } },
    );
  }
  return lines;
}

type PricedQuantity = { quantity: number; unitPriceCents: number };

/** Cents: what `Order.total` answers, and what checkTotal bounds. */
export function orderTotal(lines: readonly PricedQuantity[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

/**
 * The order's total in cents, refused with ORDER_TOTAL_TOO_LARGE when it (or any line, each
 * at most the total: prices are never negative) would not fit `Order.total`.
 */
export function checkTotal(lines: readonly PricedQuantity[]): number {
  const total = orderTotal(lines);
  if (!Number.isSafeInteger(total) || total > ORDER_LIMITS.maxTotalCents) {
    throw apiError(
      ErrorCode.ORDER_TOTAL_TOO_LARGE,
      `an order may total at most ${ORDER_LIMITS.maxTotalCents} cents`,
      { field: 'products' },
    );
  }
  return total;
}
