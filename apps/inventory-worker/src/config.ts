import { z } from 'zod';
import { env } from '@commerce/service';

export const workerConfigSchema = z.object({
  /** PORT serves /health and /ready only; /metrics is at METRICS_HOST:METRICS_PORT. */
  ...env.service(4004, 9404),
  PRODUCTS_DATABASE_URL: env.postgresUrl('postgresql://postgres@127.0.0.1:5432/commerce_products'),
  REDIS_URL: env.redisUrl(),
  REDIS_KEY_PREFIX: env.redisKeyPrefix(),
  ...env.kafka('inventory-worker'),
  /**
   * Most events one reservation transaction takes. A fetched Kafka batch (often more than
   * a thousand orders under load) is reserved in chunks of this size, one after the other: each chunk's
   * outcomes are committed, relayed and applied to orders while the next is decided, and
   * the hot rows' locks are held for a chunk, not a whole batch (docs/BENCHMARKS.md, S2).
   */
  RESERVATION_CHUNK: z.coerce.number().int().positive().default(250),
  /**
   * Most units one user may hold reserved at once (HELD reservations, all products): an
   * order that would take a user past it is rejected (USER_LIMIT), so no single account
   * can lock the inventory.
   */
  MAX_HELD_UNITS_PER_USER: z.coerce.number().int().positive().default(1_000),
});

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
