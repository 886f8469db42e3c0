import { createOrdersClient } from '@commerce/db/orders';
import {
  createLogger,
  createMetricsRegistry,
  handleShutdown,
  listen,
  listenMetrics,
  loadConfig,
} from '@commerce/service';
import { ordersConfigSchema } from './config';
import { createOrdersSaga } from './saga';
import { buildOrdersSubgraph } from './server';

async function main() {
  const config = loadConfig(ordersConfigSchema, 'orders-subgraph');
  const logger = createLogger('orders-subgraph', config.LOG_LEVEL);
  const db = createOrdersClient(config.ORDERS_DATABASE_URL, {
    poolSize: config.ORDERS_DATABASE_POOL_SIZE,
  });
  const metrics = createMetricsRegistry('orders');
  const { app } = await buildOrdersSubgraph({ config, logger, db, metrics });
  // The saga's consumer gets a small pool of its own, so a burst of placeOrder calls can
  // never starve the transactions that move orders out of PENDING.
  const sagaDb = createOrdersClient(config.ORDERS_DATABASE_URL, { poolSize: 3 });
  const saga = createOrdersSaga({ config, logger, db: sagaDb, registry: metrics });
  const url = await listen(app, config.HOST, config.PORT);
  const metricsUrl = await listenMetrics(app);
  logger.info({ url: `${url}/graphql`, metrics: `${metricsUrl}/metrics` }, 'orders subgraph ready');
  await saga.start();
  handleShutdown(logger, [
    { name: 'http', close: () => app.close() },
    { name: 'saga', close: () => saga.stop() },
    { name: 'postgres', close: () => Promise.all([db.$disconnect(), sagaDb.$disconnect()]) },
  ]);
}

main().catch((error) => {
  process.stderr.write(`orders-subgraph failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
