import type { Redis } from 'ioredis';
import type { ProductsPrismaClient } from '@commerce/db/products';
import {
  EventConsumer,
  NonRetriableError,
  OutboxRelay,
  Topics,
  createKafka,
  createProducer,
  ensureTopics,
  type DomainEvent,
} from '@commerce/events';
import { ProductCache } from '@commerce/product-cache';
import { createHttpServer, createMetricsRegistry, type Logger } from '@commerce/service';
import type { FastifyInstance } from 'fastify';
import type { WorkerConfig } from './config';
import { InventoryLedger } from './inventory-ledger';

export type Worker = {
  app: FastifyInstance;
  start: () => Promise<void>;
  stop: () => Promise<void>;
};

const HANDLED = new Set<DomainEvent['type']>(['OrderPlaced', 'OrderCancelled']);

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
  const topics = new Topics(config.KAFKA_TOPIC_PREFIX);
  const kafka = createKafka({ clientId: 'inventory-worker', brokers: config.KAFKA_BROKERS, logger });
  const producer = createProducer(kafka);
  const cache = new ProductCache(redis, logger);
  const ledger = new InventoryLedger(db);

  const consumer = new EventConsumer({
    kafka,
    producer,
    groupId: config.KAFKA_GROUP_ID,
    topics: [topics.of('orders')],
    deadLetterTopicOf: () => topics.deadLetterOf('orders'),
    logger,
    registry,
    handle: async (events) => {
      const unexpected = events.find((event) => !HANDLED.has(event.type));
      if (unexpected) {
        throw new NonRetriableError(`inventory-worker does not handle ${unexpected.type}`);
      }
      // A failure after some chunks committed fails the batch; its redelivery finds those
      // chunks' events claimed (de-duplicated) and only re-invalidates their products.
      for (let start = 0; start < events.length; start += config.RESERVATION_CHUNK) {
        const chunk = events.slice(start, start + config.RESERVATION_CHUNK);
        const result = await ledger.apply(chunk);
        if (result.touchedProducts.length > 0) await cache.invalidate(result.touchedProducts);
      }
    },
  });
  const relay = new OutboxRelay({
    databaseUrl: config.PRODUCTS_DATABASE_URL,
    name: 'products',
    producer,
    topics,
    logger,
    registry,
  });

  const app = createHttpServer({
    logger,
    metrics: registry,
    readiness: [{ name: 'postgres', check: () => db.$queryRaw`SELECT 1` }],
  });

  return {
    app,
    start: async () => {
      await ensureTopics(kafka, topics.all());
      await producer.connect();
      relay.start();
      await consumer.start();
    },
    stop: async () => {
      await consumer.stop();
      await relay.stop();
      await producer.disconnect();
    },
  };
}
