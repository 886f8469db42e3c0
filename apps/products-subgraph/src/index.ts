import { createProductsClient } from '@commerce/db/products';
import { createCacheRedis } from '@commerce/product-cache';
import { createLogger, handleShutdown, listen, listenMetrics, loadConfig } from '@commerce/service';
import { productsConfigSchema } from './config';
import { buildProductsSubgraph } from './server';

async function main() {
  const config = loadConfig(productsConfigSchema, 'products-subgraph');
  const logger = createLogger('products-subgraph', config.LOG_LEVEL);
  const db = createProductsClient(config.PRODUCTS_DATABASE_URL);
  const redis = createCacheRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  const { app } = await buildProductsSubgraph({ config, logger, db, redis });
  const url = await listen(app, config.HOST, config.PORT);
  const metrics = await listenMetrics(app);
  logger.info({ url: `${url}/graphql`, metrics: `${metrics}/metrics` }, 'products subgraph ready');
  handleShutdown(logger, [
    { name: 'http', close: () => app.close() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'postgres', close: () => db.$disconnect() },
  ]);
}

main().catch((error) => {
  process.stderr.write(`products-subgraph failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
