import type { System } from './system';

export type StockExpectation = { id: string; initial: number };

/**
 * The saga's invariants, read straight from the databases once the pipeline is idle:
 * - no order is left PENDING;
 * - every product's stock is non-negative and initial = final + confirmed quantities;
 * - each order has exactly one reservation, HELD for CONFIRMED orders, REJECTED for
 *   REJECTED ones, RELEASED for CANCELLED ones that had stock.
 */
export async function expectInvariants(system: System, products: StockExpectation[]): Promise<void> {
  const orders = await system.ordersDb.order.findMany({ include: { lines: true } });
  const pending = orders.filter((order) => order.status === 'PENDING');
  expect(pending.map((order) => order.id)).toEqual([]);

  const confirmedQuantity = new Map<string, number>();
  for (const order of orders) {
    if (order.status !== 'CONFIRMED') continue;
    for (const line of order.lines) {
      confirmedQuantity.set(line.productId, (confirmedQuantity.get(line.productId) ?? 0) + line.quantity);
    }
  }
  for (const { id, initial } of products) {
    const product = await system.productsDb.product.findUniqueOrThrow({ where: { id } });
    expect(product.quantity).toBeGreaterThanOrEqual(0);
    expect({ id, total: product.quantity + (confirmedQuantity.get(id) ?? 0) }).toEqual({ id, total: initial });
  }

  const reservations = await system.productsDb.reservation.findMany();
  const byOrder = new Map(reservations.map((r) => [r.orderId, r.status]));
  expect(reservations).toHaveLength(orders.length);
  for (const order of orders) {
    const allowed: Record<string, string[]> = {
      CONFIRMED: ['HELD'],
      REJECTED: ['REJECTED'],
      CANCELLED: ['RELEASED', 'REJECTED'],
      PENDING: [],
    };
    const expected = allowed[order.status] ?? [];
    expect({ order: order.id, reservation: expected.includes(byOrder.get(order.id) ?? '') }).toEqual({
      order: order.id,
      reservation: true,
    });
  }
}

/** Waits until no order is PENDING (the pipeline is idle), or fails listing them. */
export async function waitUntilSettled(system: System, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await system.ordersDb.order.count({ where: { status: 'PENDING' } });
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} orders still PENDING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
