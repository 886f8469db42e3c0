import { z } from 'zod';
import type { ProductsPrismaClient } from '@commerce/db/products';
import { sql, type Sql } from '@commerce/db/sql';
import { claimEvents, insertOutbox, type DomainEvent } from '@commerce/events';
import { planBatch, type BatchPlan } from './reservation-plan';

type OrderEvent = DomainEvent<'OrderPlaced' | 'OrderCancelled'>;

export const CONSUMER = 'inventory-worker';

export type BatchResult = {
  /** Products whose stock changed, or may have (replays): their cache entries are stale. */
  touchedProducts: string[];
  outcomes: number;
};

const reservationRows = z.array(
  z.object({
    orderId: z.string(),
    userId: z.string().nullable(),
    status: z.enum(['HELD', 'RELEASED', 'REJECTED']),
    lines: z.array(z.object({ productId: z.string(), quantity: z.number().int() })),
  }),
);
const stockRows = z.array(z.object({ id: z.string(), quantity: z.number().int() }));
const heldRows = z.array(z.object({ userId: z.string(), units: z.coerce.number().int() }));

/**
 * Applies a batch of order events to the products database in ONE transaction: claims
 * the events (de-duplication), locks the products involved (in id order, so concurrent
 * workers cannot deadlock), decides every order (planBatch), then writes stock,
 * reservations and outcome events (outbox) with a handful of statements for the batch,
 * each taking whole columns as array parameters.
 * Stock can never go below zero: decisions are made under the row locks, and the
 * table's CHECK (quantity >= 0) would refuse the write anyway. What one user holds is
 * bounded by `maxUnitsPerUser`: the batch's users are locked first (advisory locks, in id
 * order, before any product row), so concurrent batches cannot both admit one user's orders.
 */
export class InventoryLedger {
  constructor(
    private readonly db: ProductsPrismaClient,
    private readonly limits: { maxUnitsPerUser: number },
  ) {}

  async apply(events: readonly OrderEvent[]): Promise<BatchResult> {
    // Raw SQL with array parameters throughout: a batch is a few statements whatever its
    // size, and no row goes through Prisma's query compiler (profiled: the compiler and
    // its argument handling were half of the worker's CPU on a backlog).
    const result = await this.db.$transaction(
      async (tx) => {
        const fresh = await claimEvents(tx, CONSUMER, events);
        if (fresh.length === 0) return { changed: [] as string[], fresh: 0, outcomes: 0 };

        const orderIds = [...new Set(fresh.map((event) => event.data.orderId))];
        const userOfPlaced = new Map(
          fresh.flatMap((e) => (e.type === 'OrderPlaced' ? [[e.data.orderId, e.data.userId] as const] : [])),
        );
        const users = [...new Set(userOfPlaced.values())].sort();
        // Locked before the reads below: each of them sees what the batch before it wrote.
        if (users.length > 0) await tx.$queryRaw(lockUsers(users));
        const held = users.length ? heldRows.parse(await tx.$queryRaw(heldUnitsOf(users))) : [];
        const existing = reservationRows.parse(await tx.$queryRaw(reservationsOf(orderIds)));
        const productIds = new Set<string>();
        for (const event of fresh) {
          if (event.type === 'OrderPlaced') for (const l of event.data.lines) productIds.add(l.productId);
        }
        for (const r of existing) for (const l of r.lines) productIds.add(l.productId);

        const stock = productIds.size
          ? stockRows.parse(await tx.$queryRaw(lockStock([...productIds])))
          : [];
        const plan = planBatch(fresh, existing, new Map(stock.map((row) => [row.id, row.quantity])), {
          maxUnitsPerUser: this.limits.maxUnitsPerUser,
          heldByUser: new Map(held.map((row) => [row.userId, row.units])),
          userOfOrder: new Map(existing.flatMap((r) => (r.userId ? [[r.orderId, r.userId] as const] : []))),
        });
        for (const statement of writesOf(plan, userOfPlaced)) await tx.$executeRaw(statement);
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

/** The advisory lock namespace (first key) of users' holdings; a user is the second key. */
const USER_LOCKS = 1_201;

/**
 * Transaction-scoped advisory locks on these users (sorted), so that one user's orders in
 * concurrent batches are decided one batch after the other. Taken before any row lock, in
 * one order everywhere: no deadlock with another batch.
 */
function lockUsers(sortedUserIds: readonly string[]): Sql {
  return sql`SELECT count(pg_advisory_xact_lock(${USER_LOCKS}, hashtext(u.id)))::int AS locked
    FROM (SELECT id FROM unnest(${sortedUserIds}::text[]) AS t(id) ORDER BY id) AS u`;
}

/** Units each of these users holds reserved now. */
function heldUnitsOf(userIds: readonly string[]): Sql {
  return sql`SELECT r.user_id::text AS "userId", sum(l.quantity) AS units
    FROM reservations r JOIN reservation_lines l ON l.order_id = r.order_id
   WHERE r.user_id = ANY(${userIds}::uuid[]) AND r.status = 'HELD'
   GROUP BY r.user_id`;
}

/** The reservations already recorded for these orders, with their lines. */
function reservationsOf(orderIds: readonly string[]): Sql {
  return sql`SELECT r.order_id::text AS "orderId", r.user_id::text AS "userId", r.status::text AS status,
         coalesce(json_agg(json_build_object('productId', l.product_id, 'quantity', l.quantity))
                  FILTER (WHERE l.order_id IS NOT NULL), '[]') AS lines
    FROM reservations r LEFT JOIN reservation_lines l ON l.order_id = r.order_id
   WHERE r.order_id = ANY(${orderIds}::uuid[])
   GROUP BY r.order_id, r.status`;
}

/** Current stock of these products, row-locked in id order (no deadlock between workers). */
function lockStock(productIds: readonly string[]): Sql {
  return sql`SELECT id::text, quantity FROM products
   WHERE id = ANY(${productIds}::uuid[]) ORDER BY id FOR UPDATE`;
}

/** The statements that record a plan: stock, new and changed reservations, outcomes. */
function writesOf(plan: BatchPlan, userOfOrder: ReadonlyMap<string, string>): Sql[] {
  const writes: Sql[] = [];
  if (plan.stock.size > 0) {
    writes.push(sql`UPDATE products AS p SET quantity = v.quantity, updated_at = now()
      FROM unnest(${[...plan.stock.keys()]}::uuid[], ${[...plan.stock.values()]}::int[]) AS v(id, quantity)
     WHERE p.id = v.id`);
  }
  if (plan.created.length > 0) {
    writes.push(sql`INSERT INTO reservations (order_id, user_id, status, updated_at)
      SELECT v.order_id, v.user_id, v.status, now()
        FROM unnest(${plan.created.map((r) => r.orderId)}::uuid[],
                    ${plan.created.map((r) => userOfOrder.get(r.orderId) ?? null)}::uuid[],
                    ${plan.created.map((r) => r.status)}::reservation_status[]) AS v(order_id, user_id, status)`);
    const lines = plan.created.flatMap((r) => r.lines.map((l) => ({ orderId: r.orderId, ...l })));
    if (lines.length > 0) {
      writes.push(sql`INSERT INTO reservation_lines (order_id, product_id, quantity)
        SELECT * FROM unnest(${lines.map((l) => l.orderId)}::uuid[], ${lines.map((l) => l.productId)}::uuid[],
                             ${lines.map((l) => l.quantity)}::int[])`);
    }
  }
  if (plan.updated.length > 0) {
    writes.push(sql`UPDATE reservations AS r SET status = v.status, updated_at = now()
      FROM unnest(${plan.updated.map((r) => r.orderId)}::uuid[],
                  ${plan.updated.map((r) => r.status)}::reservation_status[]) AS v(order_id, status)
     WHERE r.order_id = v.order_id`);
  }
  if (plan.outcomes.length > 0) writes.push(insertOutbox(plan.outcomes));
  return writes;
}
