import { z } from 'zod';
import { env } from '@commerce/service';

export const ordersConfigSchema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: env.host(),
  PORT: env.port(4003),
  ORDERS_DATABASE_URL: env.postgresUrl('postgresql://postgres@127.0.0.1:5432/commerce_orders'),
  /** placeOrder is the write hot path: a larger pool than pg's default of 10. */
  ORDERS_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** placeOrder looks up products and their prices in the products subgraph. */
  PRODUCTS_SUBGRAPH_URL: z.url().default('http://127.0.0.1:4002/graphql'),
  ...env.kafka('orders-subgraph'),
  ...env.jwt(),
  API_SECRET: env.apiSecret(),
});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
