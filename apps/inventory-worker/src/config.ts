import { z } from 'zod';
import { env } from '@commerce/service';

export const workerConfigSchema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: env.host(),
  /** /health, /ready and /metrics. */
  PORT: env.port(4004),
  PRODUCTS_DATABASE_URL: env.postgresUrl('postgresql://postgres@127.0.0.1:5432/commerce_products'),
  REDIS_URL: env.redisUrl(),
  /** Prefix of the product cache's keys; the same for products-subgraph and the worker. */
  REDIS_KEY_PREFIX: z.string().default(''),
  KAFKA_BROKERS: env.kafkaBrokers(),
  /** Prefix of every topic name (tests isolate themselves with a unique one). */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_GROUP_ID: z.string().min(1).default('inventory-worker'),
});

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
