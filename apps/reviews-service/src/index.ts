import { createReviewsClient } from '@commerce/db/reviews';
import { createMetricsRegistry, runService } from '@commerce/service';
import { reviewsConfigSchema } from './config';
import { buildReviewsService } from './server';

runService('reviews-service', reviewsConfigSchema, (config, logger) => {
  const db = createReviewsClient(config.REVIEWS_DATABASE_URL);
  const app = buildReviewsService({ config, logger, db, metrics: createMetricsRegistry('reviews') });
  return {
    app,
    details: (url) => ({ openapi: `${url}/openapi.json` }),
    shutdown: [
      { name: 'http', close: () => app.close() },
      { name: 'postgres', close: () => db.$disconnect() },
    ],
  };
});
