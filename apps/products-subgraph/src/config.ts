import { z } from 'zod';
import { env } from '@commerce/service';

export const productsConfigSchema = z.object({
  ...env.service(4002, 9402),
  PRODUCTS_DATABASE_URL: env.postgresUrl('postgresql://postgres@127.0.0.1:5432/commerce_products'),
  REDIS_URL: env.redisUrl(),
  REDIS_KEY_PREFIX: env.redisKeyPrefix(),
  API_SECRET: env.apiSecret(),
  PRODUCT_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(30),
});

export type ProductsConfig = z.infer<typeof productsConfigSchema>;
