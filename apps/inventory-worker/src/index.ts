import { createProductsClient } from '@commerce/db/products';
import { createCacheRedis } from '@commerce/product-cache';
import { createLogger, handleShutdown, listen, listenMetrics, loadConfig } from '@commerce/service';
import { workerConfigSchema } from './config';
import { buildWorker } from './worker';

async function main() {
  const config = loadConfig(workerConfigSchema, 'inventory-worker');
  const logger = createLogger('inventory-worker', config.LOG_LEVEL);
  const db = createProductsClient(config.PRODUCTS_DATABASE_URL);
  const redis = createCacheRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  const worker = buildWorker({ config, logger, db, redis });
  const url = await listen(worker.app, config.HOST, config.PORT);
  const metrics = await listenMetrics(worker.app);
  await worker.start();
  logger.info({ url, metrics: `${metrics}/metrics` }, 'inventory worker consuming');
  handleShutdown(logger, [
    { name: 'consumer', close: () => worker.stop() },
    { name: 'http', close: () => worker.app.close() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'postgres', close: () => db.$disconnect() },
  ]);
}

main().catch((error) => {
  process.stderr.write(`inventory-worker failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
