import { z } from 'zod';
import { env } from '@commerce/service';

export const ordersConfigSchema = z.object({
  ...env.service(4003, 9403),
  ORDERS_DATABASE_URL: env.postgresUrl('postgresql://postgres@127.0.0.1:5432/commerce_orders'),
  /** placeOrder is the write hot path: a larger pool than pg's default of 10. */
  ORDERS_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** placeOrder looks up products and their prices in the products subgraph. */
  PRODUCTS_SUBGRAPH_URL: z.url().default('http://127.0.0.1:4002/graphql'),
  ...env.kafka('orders-subgraph'),
  /**
   * How long an order may stay PENDING or CONFIRMED (holding its stock) before it is
   * cancelled as EXPIRED; 0 never expires. Off by default: without a payment step,
   * CONFIRMED is where an order ends; a shop that confirms payment within, say, 30
   * minutes sets 1800.
   */
  ORDER_HOLD_SECONDS: z.coerce.number().int().min(0).default(0),
  /** How often the expiry sweep runs when ORDER_HOLD_SECONDS is set. */
  ORDER_EXPIRY_SWEEP_SECONDS: z.coerce.number().positive().default(30),
  ...env.jwt(),
  API_SECRET: env.apiSecret(),
});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
