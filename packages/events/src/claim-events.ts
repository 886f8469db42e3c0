import { z } from 'zod';
import { sql, type Sql, type SqlClient } from '@commerce/db/sql';
import type { DomainEvent } from './contracts';

/**
 * The one way events are claimed: SQL that records `eventIds` as processed by `consumer`
 * in the `processed_events` table and returns the ids it had not recorded before
 * (`event_id`, text). A statement of its own (claimEvents) or a data-modifying CTE of a
 * larger one (the orders saga moves only the orders of events its statement claimed).
 */
export function claimEventsSql(consumer: string, eventIds: readonly string[]): Sql {
  return sql`INSERT INTO processed_events (consumer, event_id)
     SELECT ${consumer}, unnest(${eventIds}::uuid[])
     ON CONFLICT DO NOTHING
     RETURNING event_id::text`;
}

const claimedRows = z.array(z.object({ event_id: z.string() }));

/**
 * De-duplication by event id: claims the events for `consumer` and returns only those not
 * processed before, in their order. Call it inside the transaction that applies the
 * events' effects, so that "processed" and the effects commit together or not at all.
 */
export async function claimEvents<E extends DomainEvent>(
  tx: SqlClient,
  consumer: string,
  events: readonly E[],
): Promise<E[]> {
  const unique = uniqueEvents(events);
  if (unique.length === 0) return [];
  const rows = claimedRows.parse(
    await tx.$queryRaw(claimEventsSql(consumer, unique.map((event) => event.id))),
  );
  const claimed = new Set(rows.map((row) => row.event_id));
  return unique.filter((event) => claimed.has(event.id));
}

/** The events without repeats of one id (a batch may hold a redelivered copy). */
export function uniqueEvents<E extends DomainEvent>(events: readonly E[]): E[] {
  return [...new Map(events.map((event) => [event.id, event])).values()];
}
