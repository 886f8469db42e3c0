import type { DomainEvent } from './contracts';

/** The part of a Prisma transaction client this needs (any Prisma client has it). */
export type RawQueryable = {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
};

/**
 * SQL that records event ids `$<ids>` (uuid[]) as processed by consumer `$<consumer>`
 * and returns the ids not recorded before (`event_id`, text). A statement of its own or
 * a data-modifying CTE of a larger one.
 */
export function claimEventsSql(consumer: number, ids: number): string {
  return `INSERT INTO processed_events (consumer, event_id)
     SELECT $${consumer}, unnest($${ids}::uuid[])
     ON CONFLICT DO NOTHING
     RETURNING event_id::text`;
}

/**
 * De-duplication by event id: records the events as processed by `consumer` in the
 * `processed_events` table and returns only those not processed before, in their order.
 * Call it inside the transaction that applies the events' effects, so that "processed"
 * and the effects commit together or not at all.
 */
export async function claimEvents<E extends DomainEvent>(
  tx: RawQueryable,
  consumer: string,
  events: readonly E[],
): Promise<E[]> {
  const unique = [...new Map(events.map((event) => [event.id, event])).values()];
  if (unique.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ event_id: string }[]>(
    claimEventsSql(1, 2),
    consumer,
    unique.map((event) => event.id),
  );
  const claimed = new Set(rows.map((row) => row.event_id));
  return unique.filter((event) => claimed.has(event.id));
}
