import type { RawQueryable } from './claim-events';
import type { DomainEvent } from './contracts';
import { toOutboxRecord } from './create-event';

/**
 * Writes events to the outbox in ONE statement, inside the caller's transaction: the rows
 * travel as a single JSON document that Postgres unpacks (jsonb_array_elements), so a
 * batch of thousands costs one round trip and one parameter, with no per-row work in the
 * ORM (Prisma's createMany was most of the inventory worker's CPU on large batches).
 */
export async function writeOutbox(tx: RawQueryable, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$queryRawUnsafe(
    `INSERT INTO outbox_events (id, topic, key, type, payload)
     SELECT (r->>'id')::uuid, r->>'topic', r->>'key', r->>'type', r->'payload'
       FROM jsonb_array_elements($1::jsonb) AS r`,
    JSON.stringify(events.map(toOutboxRecord)),
  );
}
