import type { RawQueryable } from './claim-events';
import type { DomainEvent } from './contracts';
import { toOutboxRecord } from './create-event';

/**
 * SQL that inserts the outbox rows held by parameter `$<param>`, a JSON array of
 * OutboxRecord (see outboxJson), optionally only `WHERE <condition>`. Usable as a
 * statement of its own or as a data-modifying CTE of a larger statement.
 */
export function insertOutboxSql(param: number, condition = 'true'): string {
  // WITH ORDINALITY ... ORDER BY: rows get their seq (publication order) in array order.
  return `INSERT INTO outbox_events (id, topic, key, type, payload)
     SELECT (r->>'id')::uuid, r->>'topic', r->>'key', r->>'type', r->'payload'
       FROM jsonb_array_elements($${param}::jsonb) WITH ORDINALITY AS e(r, n)
      WHERE ${condition}
      ORDER BY e.n`;
}

/** The parameter insertOutboxSql reads: the events' outbox rows as one JSON document. */
export function outboxJson(events: readonly DomainEvent[]): string {
  return JSON.stringify(events.map(toOutboxRecord));
}

/**
 * Writes events to the outbox in ONE statement, inside the caller's transaction: the rows
 * travel as a single JSON document that Postgres unpacks, so a batch of thousands costs
 * one round trip and one parameter, with no per-row work in the ORM (Prisma's createMany
 * was most of the inventory worker's CPU on large batches).
 */
export async function writeOutbox(tx: RawQueryable, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$queryRawUnsafe(insertOutboxSql(1), outboxJson(events));
}
