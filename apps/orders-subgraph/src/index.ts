import { createOrdersClient } from '@commerce/db/orders';
import { createMetricsRegistry, runService } from '@commerce/service';
import { ordersConfigSchema } from './config';
import { createOrdersSaga } from './saga';
import { buildOrdersSubgraph } from './server';

runService('orders-subgraph', ordersConfigSchema, async (config, logger) => {
  const db = createOrdersClient(config.ORDERS_DATABASE_URL, {
    poolSize: config.ORDERS_DATABASE_POOL_SIZE,
  });
  const metrics = createMetricsRegistry('orders');
  const { app } = await buildOrdersSubgraph({ config, logger, db, metrics });
  // The saga's consumer gets a small pool of its own, so a burst of placeOrder calls can
  // never starve the transactions that move orders out of PENDING.
  const sagaDb = createOrdersClient(config.ORDERS_DATABASE_URL, { poolSize: 3 });
  const saga = createOrdersSaga({ config, logger, db: sagaDb, registry: metrics });
  return {
    app,
    endpoint: (url) => `${url}/graphql`,
    start: () => saga.start(),
    shutdown: [
      { name: 'http', close: () => app.close() },
      { name: 'saga', close: () => saga.stop() },
      { name: 'postgres', close: () => Promise.all([db.$disconnect(), sagaDb.$disconnect()]) },
    ],
  };
});
