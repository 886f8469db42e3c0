import { createProductsClient } from '@commerce/db/products';
import { createCacheRedis } from '@commerce/product-cache';
import { runService } from '@commerce/service';
import { productsConfigSchema } from './config';
import { buildProductsSubgraph } from './server';

runService('products-subgraph', productsConfigSchema, async (config, logger) => {
  const db = createProductsClient(config.PRODUCTS_DATABASE_URL);
  const redis = createCacheRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  const { app } = await buildProductsSubgraph({ config, logger, db, redis });
  return {
    app,
    endpoint: (url) => `${url}/graphql`,
    shutdown: [
      { name: 'http', close: () => app.close() },
      { name: 'redis', close: () => redis.quit() },
      { name: 'postgres', close: () => db.$disconnect() },
    ],
  };
});
