import type { OrdersPrismaClient } from '@commerce/db/orders';
import { NonRetriableError, claimEvents, type DomainEvent } from '@commerce/events';

export const CONSUMER = 'orders-subgraph';

/**
 * Applies inventory outcomes to orders: Reserved moves PENDING to CONFIRMED, Rejected
 * moves PENDING to REJECTED. Only PENDING orders move, so a late or repeated outcome
 * never takes an order backwards (a CANCELLED order stays cancelled). One transaction per
 * batch, de-duplicated by event id.
 */
export async function applyInventoryOutcomes(
  db: OrdersPrismaClient,
  events: readonly DomainEvent[],
): Promise<void> {
  const unexpected = events.find(
    (e) => !['InventoryReserved', 'InventoryRejected', 'InventoryReleased'].includes(e.type),
  );
  if (unexpected) throw new NonRetriableError(`orders-subgraph does not handle ${unexpected.type}`);

  await db.$transaction(
    async (tx) => {
      const fresh = await claimEvents(tx, CONSUMER, events);
      const confirmed: string[] = [];
      const rejected: string[] = [];
      for (const event of fresh) {
        if (event.type === 'InventoryReserved') confirmed.push(event.data.orderId);
        else if (event.type === 'InventoryRejected') rejected.push(event.data.orderId);
        // InventoryReleased: the order is already CANCELLED; nothing to move.
      }
      // One statement for the batch, the ids as one array parameter (Prisma's updateMany
      // with an `in` list of hundreds of ids costs far more CPU than the UPDATE itself).
      if (confirmed.length + rejected.length > 0) {
        await tx.$executeRawUnsafe(
          `UPDATE orders AS o SET status = v.status, updated_at = now()
             FROM unnest($1::uuid[], $2::order_status[]) AS v(id, status)
            WHERE o.id = v.id AND o.status = 'PENDING'`,
          [...confirmed, ...rejected],
          [...confirmed.map(() => 'CONFIRMED'), ...rejected.map(() => 'REJECTED')],
        );
      }
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}
