import { createReviewsClient } from '@commerce/db/reviews';
import {
  createLogger,
  createMetricsRegistry,
  handleShutdown,
  listen,
  listenMetrics,
  loadConfig,
} from '@commerce/service';
import { reviewsConfigSchema } from './config';
import { buildReviewsService } from './server';

async function main() {
  const config = loadConfig(reviewsConfigSchema, 'reviews-service');
  const logger = createLogger('reviews-service', config.LOG_LEVEL);
  const db = createReviewsClient(config.REVIEWS_DATABASE_URL);
  const metrics = createMetricsRegistry('reviews');
  const app = buildReviewsService({ config, logger, db, metrics });
  const url = await listen(app, config.HOST, config.PORT);
  const metricsUrl = await listenMetrics(app);
  logger.info(
    { url, openapi: `${url}/openapi.json`, metrics: `${metricsUrl}/metrics` },
    'reviews service ready',
  );
  handleShutdown(logger, [
    { name: 'http', close: () => app.close() },
    { name: 'postgres', close: () => db.$disconnect() },
  ]);
}

main().catch((error) => {
  process.stderr.write(`reviews-service failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
