import type { ProductsPrismaClient } from '@commerce/db/products';
import { claimEvents, toOutboxRecord, type DomainEvent } from '@commerce/events';
import { planBatch, type ReservationState } from './reservation-plan';

export const CONSUMER = 'inventory-worker';

export type BatchResult = {
  /** Products whose stock changed, or may have (replays): their cache entries are stale. */
  touchedProducts: string[];
  outcomes: number;
};

/**
 * Applies a batch of order events to the products database in ONE transaction: claims
 * the events (de-duplication), locks the products involved (in id order, so concurrent
 * workers cannot deadlock), decides every order (planBatch), then writes stock,
 * reservations and outcome events (outbox) with a handful of statements for the batch.
 * Stock can never go below zero: decisions are made under the row locks, and the
 * table's CHECK (quantity >= 0) would refuse the write anyway.
 */
export class InventoryLedger {
  constructor(private readonly db: ProductsPrismaClient) {}

  async apply(events: readonly DomainEvent[]): Promise<BatchResult> {
    const result = await this.db.$transaction(
      async (tx) => {
        const fresh = await claimEvents(tx, CONSUMER, events);
        if (fresh.length === 0) return { changed: [] as string[], fresh: 0, outcomes: 0 };

        const orderIds = [...new Set(fresh.map(orderIdOf))];
        const existing = await tx.reservation.findMany({
          where: { orderId: { in: orderIds } },
          include: { lines: { select: { productId: true, quantity: true } } },
        });
        const productIds = new Set<string>();
        for (const event of fresh) {
          if (event.type === 'OrderPlaced') for (const l of event.data.lines) productIds.add(l.productId);
        }
        for (const r of existing) for (const l of r.lines) productIds.add(l.productId);

        const stockRows = productIds.size
          ? await tx.$queryRawUnsafe<{ id: string; quantity: number }[]>(
              `SELECT id::text, quantity FROM products
               WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
              [...productIds],
            )
          : [];
        const plan = planBatch(
          fresh,
          existing as ReservationState[],
          new Map(stockRows.map((row) => [row.id, row.quantity])),
        );

        if (plan.stock.size > 0) {
          await tx.$executeRawUnsafe(
            `UPDATE products AS p SET quantity = v.quantity, updated_at = now()
             FROM unnest($1::uuid[], $2::int[]) AS v(id, quantity) WHERE p.id = v.id`,
            [...plan.stock.keys()],
            [...plan.stock.values()],
          );
        }
        if (plan.created.length > 0) {
          await tx.reservation.createMany({
            data: plan.created.map(({ orderId, status }) => ({ orderId, status })),
          });
          const lines = plan.created.flatMap((r) => r.lines.map((l) => ({ orderId: r.orderId, ...l })));
          if (lines.length > 0) await tx.reservationLine.createMany({ data: lines });
        }
        for (const status of ['RELEASED', 'HELD', 'REJECTED'] as const) {
          const ids = plan.updated.filter((r) => r.status === status).map((r) => r.orderId);
          if (ids.length > 0) {
            await tx.reservation.updateMany({ where: { orderId: { in: ids } }, data: { status } });
          }
        }
        if (plan.outcomes.length > 0) {
          await tx.outboxEvent.createMany({ data: plan.outcomes.map(toOutboxRecord) });
        }
        return { changed: [...plan.stock.keys()], fresh: fresh.length, outcomes: plan.outcomes.length };
      },
      { timeout: 30_000, maxWait: 10_000 },
    );

    // Events claimed before (a redelivery) may follow a crash between commit and cache
    // invalidation: invalidate what they touched too. Extra deletes only cost a miss.
    const touched = new Set(result.changed);
    if (result.fresh < events.length) {
      for (const event of events) {
        if (event.type === 'OrderPlaced') for (const l of event.data.lines) touched.add(l.productId);
      }
    }
    return { touchedProducts: [...touched], outcomes: result.outcomes };
  }
}

function orderIdOf(event: DomainEvent): string {
  return 'orderId' in event.data ? event.data.orderId : event.subject;
}
