import type { OrdersPrismaClient } from '@commerce/db/orders';
import { EventPipeline, defineConsumer } from '@commerce/events';
import type { Logger } from '@commerce/service';
import type { Registry } from 'prom-client';
import type { OrdersConfig } from './config';
import { OrderExpiry } from './order-expiry';
import { OrderStore } from './order-store';

export type OrdersSaga = { start: () => Promise<void>; stop: () => Promise<void> };

/**
 * The orders side of the saga: relays the orders outbox (OrderPlaced, OrderCancelled) to
 * Kafka, applies inventory outcomes to orders, and (with ORDER_HOLD_SECONDS) cancels the
 * orders that held their stock too long. placeOrder does not depend on it: with
 * Kafka down, orders are still accepted (PENDING) and their events wait in the outbox.
 */
export function createOrdersSaga(deps: {
  config: OrdersConfig;
  logger: Logger;
  db: OrdersPrismaClient;
  registry: Registry;
}): OrdersSaga {
  const { config, logger, registry } = deps;
  const store = new OrderStore(deps.db);
  const events = new EventPipeline({
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
        handle: (outcomes) => store.applyInventoryOutcomes(outcomes),
      }),
    ],
  });
  const expiry =
    config.ORDER_HOLD_SECONDS > 0
      ? new OrderExpiry(store, logger, {
          holdSeconds: config.ORDER_HOLD_SECONDS,
          sweepSeconds: config.ORDER_EXPIRY_SWEEP_SECONDS,
        })
      : undefined;
  return {
    start: async () => {
      await events.start();
      expiry?.start();
    },
    stop: async () => {
      await expiry?.stop();
      await events.stop();
    },
  };
}
