import { createProductsClient } from '@commerce/db/products';
import { createCacheRedis } from '@commerce/product-cache';
import { runService } from '@commerce/service';
import { workerConfigSchema } from './config';
import { buildWorker } from './worker';

runService('inventory-worker', workerConfigSchema, (config, logger) => {
  const db = createProductsClient(config.PRODUCTS_DATABASE_URL);
  const redis = createCacheRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  const worker = buildWorker({ config, logger, db, redis });
  return {
    app: worker.app,
    start: () => worker.start(),
    shutdown: [
      { name: 'consumer', close: () => worker.stop() },
      { name: 'http', close: () => worker.app.close() },
      { name: 'redis', close: () => redis.quit() },
      { name: 'postgres', close: () => db.$disconnect() },
    ],
  };
});
