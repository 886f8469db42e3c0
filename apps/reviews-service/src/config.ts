import { z } from 'zod';
import { env } from '@commerce/service';

export const reviewsConfigSchema = z.object({
  ...env.service(4006, 9406),
  REVIEWS_DATABASE_URL: env.postgresUrl('postgresql://postgres@127.0.0.1:5432/commerce_reviews'),
  /** Writing a review needs the shop's access token, verified as orders-subgraph does. */
  ...env.jwt(),
});

export type ReviewsConfig = z.infer<typeof reviewsConfigSchema>;
