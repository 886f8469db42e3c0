import type { OrdersPrismaClient } from '@commerce/db/orders';
import {
  EventConsumer,
  OutboxRelay,
  Topics,
  createKafka,
  createProducer,
  ensureTopics,
} from '@commerce/events';
import type { Logger } from '@commerce/service';
import type { Registry } from 'prom-client';
import type { OrdersConfig } from './config';
import { applyInventoryOutcomes } from './order-outcomes';

export type OrdersSaga = { start: () => Promise<void>; stop: () => Promise<void> };

/**
 * The orders side of the saga: relays the orders outbox (OrderPlaced, OrderCancelled) to
 * Kafka and consumes inventory outcomes. placeOrder does not depend on it: with Kafka
 * down, orders are still accepted (PENDING) and their events wait in the outbox.
 */
export function createOrdersSaga(deps: {
  config: OrdersConfig;
  logger: Logger;
  db: OrdersPrismaClient;
  registry: Registry;
}): OrdersSaga {
  const { config, logger, db, registry } = deps;
  const topics = new Topics(config.KAFKA_TOPIC_PREFIX);
  const kafka = createKafka({ clientId: 'orders-subgraph', brokers: config.KAFKA_BROKERS, logger });
  const producer = createProducer(kafka);
  const relay = new OutboxRelay({
    databaseUrl: config.ORDERS_DATABASE_URL,
    name: 'orders',
    producer,
    topics,
    logger,
    registry,
  });
  const consumer = new EventConsumer({
    kafka,
    producer,
    groupId: config.KAFKA_GROUP_ID,
    topics: [topics.of('inventory')],
    deadLetterTopicOf: () => topics.deadLetterOf('inventory'),
    logger,
    registry,
    handle: (events) => applyInventoryOutcomes(db, events),
  });
  return {
    start: async () => {
      // The relay needs no broker to start: it retries in the background until Kafka is up.
      relay.start();
      await ensureTopics(kafka, topics.all());
      await producer.connect();
      await consumer.start();
    },
    stop: async () => {
      await consumer.stop();
      await relay.stop();
      await producer.disconnect();
    },
  };
}
