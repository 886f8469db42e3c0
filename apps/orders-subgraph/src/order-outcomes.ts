import type { OrdersPrismaClient } from '@commerce/db/orders';
import { NonRetriableError, claimEventsSql, type DomainEvent } from '@commerce/events';

export const CONSUMER = 'orders-subgraph';

const STATUS_OF: Partial<Record<DomainEvent['type'], 'CONFIRMED' | 'REJECTED'>> = {
  InventoryReserved: 'CONFIRMED',
  InventoryRejected: 'REJECTED',
  // InventoryReleased: the order is already CANCELLED; nothing to move.
};

/**
 * Applies inventory outcomes to orders: Reserved moves PENDING to CONFIRMED, Rejected
 * moves PENDING to REJECTED. Only PENDING orders move, so a late or repeated outcome
 * never takes an order backwards (a CANCELLED order stays cancelled).
 *
 * One SQL statement per batch, so one round trip and atomic without BEGIN/COMMIT: the
 * events are claimed in `processed_events` (the de-duplication claimEvents does) and only
 * the orders of events claimed by this very statement move. This runs in the orders
 * process beside placeOrder traffic, where every extra await is a trip through a busy
 * event loop (docs/BENCHMARKS.md, S2).
 */
export async function applyInventoryOutcomes(
  db: OrdersPrismaClient,
  events: readonly DomainEvent[],
): Promise<void> {
  const unexpected = events.find(
    (e) => !['InventoryReserved', 'InventoryRejected', 'InventoryReleased'].includes(e.type),
  );
  if (unexpected) throw new NonRetriableError(`orders-subgraph does not handle ${unexpected.type}`);
  const unique = [...new Map(events.map((event) => [event.id, event])).values()];
  if (unique.length === 0) return;

  const moves = unique.flatMap((event) => {
    const status = STATUS_OF[event.type];
    return status && 'orderId' in event.data
      ? [{ eventId: event.id, orderId: event.data.orderId, status }]
      : [];
  });
  await db.$executeRawUnsafe(
    `WITH claimed AS (
       ${claimEventsSql(1, 2)}
     )
     UPDATE orders AS o SET status = v.status, updated_at = now()
       FROM unnest($3::uuid[], $4::uuid[], $5::order_status[]) AS v(event_id, order_id, status)
      WHERE o.id = v.order_id AND o.status = 'PENDING'
        AND v.event_id::text IN (SELECT event_id FROM claimed)`,
    CONSUMER,
    unique.map((event) => event.id),
    moves.map((move) => move.eventId),
    moves.map((move) => move.orderId),
    moves.map((move) => move.status),
  );
}
