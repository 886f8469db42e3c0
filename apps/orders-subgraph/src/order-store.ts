import { z } from 'zod';
import type { IdempotencyKey, Order, OrderLine, OrdersPrismaClient } from '@commerce/db/orders';
import { empty, sql } from '@commerce/db/sql';
import {
  claimEventsSql,
  createEvent,
  insertOutbox,
  uniqueEvents,
  type DomainEvent,
} from '@commerce/events';
import type { Page } from '@commerce/service';
import { OUTCOME_STATUS, statusesThatMoveTo, transitionColumns } from './order-lifecycle';

export type OrderWithLines = Order & { lines: OrderLine[] };
export type PricedLine = { productId: string; quantity: number; unitPriceCents: number };
export type IdempotencyClaim = { key: string; requestHash: string };
export type OutcomeEvent = DomainEvent<'InventoryReserved' | 'InventoryRejected' | 'InventoryReleased'>;

/** The saga's name in `processed_events`. */
export const CONSUMER = 'orders-subgraph';

const WITH_LINES = { lines: { orderBy: { productId: 'asc' } } } as const;
/**
 * Under a burst, a transaction may queue for a pooled connection: wait up to 10 s (Prisma's
 * default is 2 s) rather than fail an order that a moment later would have gone through.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

const placedRows = z.array(z.object({ created_at: z.coerce.date(), updated_at: z.coerce.date() }));
const expiringRows = z.array(z.object({ id: z.string(), user_id: z.string() }));

/**
 * Everything the orders domain reads and writes in its database. The hot paths are raw SQL
 * built from tagged fragments (one statement each); the rest goes through Prisma. Every
 * status change takes its WHERE clause from the lifecycle table (order-lifecycle.ts).
 */
export class OrderStore {
  constructor(private readonly db: OrdersPrismaClient) {}

  /**
   * Writes a PENDING order, its lines, its OrderPlaced event and (with `idempotency`) the
   * key row in ONE statement, so one round trip and atomic without BEGIN/COMMIT. With a key,
   * the order is written only if this statement claimed the key: a concurrent attempt
   * holding it makes the key insert wait, then skip (ON CONFLICT DO NOTHING), and the
   * answer is undefined. (Prisma's interactive transaction cost a round trip and a pass
   * through its query interpreter per statement: the largest share of placeOrder's CPU.)
   */
  async insertPlaced(order: {
    id: string;
    userId: string;
    lines: readonly PricedLine[];
    event: DomainEvent<'OrderPlaced'>;
    idempotency?: IdempotencyClaim | undefined;
  }): Promise<{ createdAt: Date; updatedAt: Date } | undefined> {
    const { id, userId, lines, idempotency } = order;
    const claim = idempotency
      ? sql`claim AS (
          INSERT INTO idempotency_keys (key, user_id, request_hash, order_id)
          VALUES (${idempotency.key}, ${userId}::uuid, ${idempotency.requestHash}, ${id}::uuid)
          ON CONFLICT DO NOTHING
          RETURNING order_id
        ),`
      : empty;
    const claimed = idempotency ? sql`EXISTS (SELECT 1 FROM claim)` : sql`true`;
    const rows = placedRows.parse(
      await this.db.$queryRaw(sql`WITH ${claim} placed AS (
           INSERT INTO orders (id, user_id, status, updated_at)
           SELECT ${id}::uuid, ${userId}::uuid, 'PENDING', now() WHERE ${claimed}
           RETURNING created_at, updated_at
         ), lines AS (
           INSERT INTO order_lines (order_id, product_id, quantity, unit_price_cents)
           SELECT ${id}::uuid, v.product_id, v.quantity, v.unit_price_cents
             FROM unnest(${lines.map((l) => l.productId)}::uuid[], ${lines.map((l) => l.quantity)}::int[],
                         ${lines.map((l) => l.unitPriceCents)}::int[])
                  AS v(product_id, quantity, unit_price_cents)
            WHERE EXISTS (SELECT 1 FROM placed)
         ), outbox AS (
           ${insertOutbox([order.event], sql`EXISTS (SELECT 1 FROM placed)`)}
         )
         SELECT created_at, updated_at FROM placed`),
    );
    const row = rows[0];
    return row && { createdAt: row.created_at, updatedAt: row.updated_at };
  }

  idempotencyKey(userId: string, key: string): Promise<IdempotencyKey | null> {
    return this.db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
  }

  withLines(id: string): Promise<OrderWithLines | null> {
    return this.db.order.findUnique({ where: { id }, include: WITH_LINES });
  }

  /** The orders of `ids` that exist (and belong to `userId`, if given), in no order. */
  byIds(ids: readonly string[], userId?: string): Promise<OrderWithLines[]> {
    return this.db.order.findMany({
      where: { id: { in: [...ids] }, ...(userId ? { userId } : {}) },
      include: WITH_LINES,
    });
  }

  /** Newest first. `userId` narrows to one user's orders. */
  list(page: Page, userId?: string): Promise<OrderWithLines[]> {
    return this.db.order.findMany({
      where: userId ? { userId } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.take,
      include: WITH_LINES,
      ...(page.after ? { cursor: { id: page.after }, skip: 1 } : {}),
    });
  }

  /**
   * Cancels a user's order if its status allows, writing `event` with the change. The
   * status check and the change are one conditional update, so a concurrent outcome or
   * cancel cannot interleave. `order` is null if the user has no such order.
   */
  cancel(
    orderId: string,
    userId: string,
    event: DomainEvent<'OrderCancelled'>,
  ): Promise<{ order: OrderWithLines | null; cancelled: boolean }> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.order.updateMany({
        where: { id: orderId, userId, status: { in: statusesThatMoveTo('CANCELLED') } },
        data: { status: 'CANCELLED', cancelReason: 'CUSTOMER' },
      });
      if (count > 0) await tx.$executeRaw(insertOutbox([event]));
      const order = await tx.order.findFirst({ where: { id: orderId, userId }, include: WITH_LINES });
      return { order, cancelled: count > 0 };
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Cancels (EXPIRED) up to `limit` orders that could still be cancelled and were placed
   * more than `holdSeconds` ago, oldest first, each with its OrderCancelled, so the worker
   * releases what they hold. Rows another transaction holds (a customer's cancel, an
   * outcome) are skipped and seen by the next sweep. Returns how many expired.
   */
  expire(holdSeconds: number, limit: number, correlationId: string): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const rows = expiringRows.parse(
        await tx.$queryRaw(sql`SELECT id::text, user_id::text FROM orders
          WHERE status = ANY(${statusesThatMoveTo('CANCELLED')}::order_status[])
            AND created_at < now() - make_interval(secs => ${holdSeconds})
          ORDER BY created_at LIMIT ${limit}
          FOR UPDATE SKIP LOCKED`),
      );
      if (rows.length === 0) return 0;
      const events = rows.map((row) =>
        createEvent('OrderCancelled', {
          source: CONSUMER,
          subject: row.id,
          data: { orderId: row.id, userId: row.user_id, reason: 'EXPIRED' },
          context: { correlationId, userId: row.user_id },
        }),
      );
      await tx.$executeRaw(sql`UPDATE orders SET status = 'CANCELLED', cancel_reason = 'EXPIRED', updated_at = now()
        WHERE id = ANY(${rows.map((row) => row.id)}::uuid[])`);
      await tx.$executeRaw(insertOutbox(events));
      return rows.length;
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Applies inventory outcomes: each moves its order to the status OUTCOME_STATUS names,
   * where the lifecycle allows that move from the order's current status, so a late or
   * repeated outcome never takes an order backwards (a CANCELLED order stays cancelled).
   *
   * One SQL statement per batch, so one round trip and atomic without BEGIN/COMMIT: the
   * events are claimed in `processed_events` (claimEventsSql) and only the orders of events
   * claimed by this very statement move. This runs in the orders process beside placeOrder
   * traffic, where every extra await is a trip through a busy event loop.
   */
  async applyInventoryOutcomes(events: readonly OutcomeEvent[]): Promise<void> {
    const unique = uniqueEvents(events);
    if (unique.length === 0) return;
    const moves = unique.flatMap((event) =>
      event.type === 'InventoryReleased'
        ? []
        : [{ eventId: event.id, orderId: event.data.orderId, status: OUTCOME_STATUS[event.type] }],
    );
    const allowed = transitionColumns();
    await this.db.$executeRaw(sql`WITH claimed AS (
         ${claimEventsSql(CONSUMER, unique.map((event) => event.id))}
       )
       UPDATE orders AS o SET status = v.status, updated_at = now()
         FROM unnest(${moves.map((m) => m.eventId)}::uuid[], ${moves.map((m) => m.orderId)}::uuid[],
                     ${moves.map((m) => m.status)}::order_status[]) AS v(event_id, order_id, status)
        WHERE o.id = v.order_id
          AND (o.status, v.status) IN (
                SELECT * FROM unnest(${allowed.from}::order_status[], ${allowed.to}::order_status[]))
          AND v.event_id::text IN (SELECT event_id FROM claimed)`);
  }
}
