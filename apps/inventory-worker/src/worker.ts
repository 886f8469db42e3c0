import type { Redis } from 'ioredis';
import type { ProductsPrismaClient } from '@commerce/db/products';
import { EventPipeline, defineConsumer } from '@commerce/events';
import { ProductCache } from '@commerce/product-cache';
import {
  createHttpServer,
  createMetricsRegistry,
  httpSettings,
  postgresReadiness,
  type Logger,
} from '@commerce/service';
import type { FastifyInstance } from 'fastify';
import type { WorkerConfig } from './config';
import { InventoryLedger } from './inventory-ledger';

export type Worker = {
  app: FastifyInstance;
  start: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * The inventory worker: consumes order events, reserves and releases stock in the
 * products database (InventoryLedger), invalidates the product cache, and relays the
 * products database's outbox (its outcomes, and the catalogue's ProductChanged) to Kafka.
 */
export function buildWorker(deps: {
  config: WorkerConfig;
  logger: Logger;
  db: ProductsPrismaClient;
  redis: Redis;
}): Worker {
  const { config, logger, db, redis } = deps;
  const registry = createMetricsRegistry('inventory-worker');
  const cache = new ProductCache(redis, logger);
  const ledger = new InventoryLedger(db, { maxUnitsPerUser: config.MAX_HELD_UNITS_PER_USER });

  const events = new EventPipeline({
    service: 'inventory-worker',
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
    registry,
    outbox: { databaseUrl: config.PRODUCTS_DATABASE_URL, name: 'products' },
    consumers: [
      defineConsumer({
        group: config.KAFKA_GROUP_ID,
        domains: ['orders'],
        handles: ['OrderPlaced', 'OrderCancelled'],
        // A failure after some chunks committed fails the batch; its redelivery finds those
        // chunks' events claimed (de-duplicated) and only re-invalidates their products.
        handle: async (orderEvents) => {
          for (let start = 0; start < orderEvents.length; start += config.RESERVATION_CHUNK) {
            const chunk = orderEvents.slice(start, start + config.RESERVATION_CHUNK);
            const result = await ledger.apply(chunk);
            if (result.touchedProducts.length > 0) await cache.invalidate(result.touchedProducts);
          }
        },
      }),
    ],
  });

  const app = createHttpServer({
    logger,
    metrics: registry,
    readiness: [postgresReadiness(db)],
    http: httpSettings(config),
  });

  return { app, start: () => events.start(), stop: () => events.stop() };
}
