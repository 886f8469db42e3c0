import { sql, type Sql } from '@commerce/db/sql';
import type { DomainEvent } from './contracts';
import { toOutboxRecord } from './create-event';

/**
 * The one way events are written: SQL that inserts them into the service's
 * `outbox_events` table, to run inside the transaction (or statement) that makes the
 * change they describe. Run it alone (`tx.$executeRaw(insertOutbox(events))`) or as a
 * data-modifying CTE of a larger statement, guarded by `when` (placeOrder writes its event
 * only if the order row was written).
 *
 * The rows travel as ONE JSON document that Postgres unpacks, so a batch of thousands is
 * one parameter and no per-row work in the ORM (Prisma's createMany was most of the
 * inventory worker's CPU on large batches). WITH ORDINALITY ... ORDER BY gives the rows
 * their `seq`, the relay's publication order, in the order of `events`.
 */
export function insertOutbox(events: readonly DomainEvent[], when: Sql = sql`true`): Sql {
  return sql`INSERT INTO outbox_events (id, topic, key, type, payload)
     SELECT (r->>'id')::uuid, r->>'topic', r->>'key', r->>'type', r->'payload'
       FROM jsonb_array_elements(${JSON.stringify(events.map(toOutboxRecord))}::jsonb)
            WITH ORDINALITY AS e(r, n)
      WHERE ${when}
      ORDER BY e.n`;
}
