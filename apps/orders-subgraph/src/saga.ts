import type { OrdersPrismaClient } from '@commerce/db/orders';
import { EventPipeline, defineConsumer } from '@commerce/events';
import type { Logger } from '@commerce/service';
import type { Registry } from 'prom-client';
import type { OrdersConfig } from './config';
import { OrderStore } from './order-store';

/**
 * The orders side of the saga: relays the orders outbox (OrderPlaced, OrderCancelled) to
 * Kafka and applies inventory outcomes to orders. placeOrder does not depend on it: with
 * Kafka down, orders are still accepted (PENDING) and their events wait in the outbox.
 */
export function createOrdersSaga(deps: {
  config: OrdersConfig;
  logger: Logger;
  db: OrdersPrismaClient;
  registry: Registry;
}): EventPipeline {
  const { config, logger, registry } = deps;
  const store = new OrderStore(deps.db);
  return new EventPipeline({
    service: 'orders-subgraph',
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
    registry,
    outbox: { databaseUrl: config.ORDERS_DATABASE_URL, name: 'orders' },
    consumers: [
      defineConsumer({
        group: config.KAFKA_GROUP_ID,
        domains: ['inventory'],
        handles: ['InventoryReserved', 'InventoryRejected', 'InventoryReleased'],
        handle: (events) => store.applyInventoryOutcomes(events),
      }),
    ],
  });
}
