import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { OrdersPrismaClient } from '@commerce/db/orders';
import { RequestAuth, tokenServiceOf } from '@commerce/auth';
import {
  createSubgraph,
  headerValue,
  httpSettings,
  postgresReadiness,
  type Logger,
  type Subgraph,
} from '@commerce/service';
import type { OrdersConfig } from './config';
import { createContext, type Context } from './context';
import { OrderStore } from './order-store';
import { OrdersService } from './orders';
import { ProductPrices } from './product-prices';
import { resolvers } from './resolvers';

export const SCHEMA_PATH = join(__dirname, '..', 'schema.graphql');

export type OrdersDeps = {
  config: OrdersConfig;
  logger: Logger;
  db: OrdersPrismaClient;
  metrics?: Registry;
};

/** Builds the orders subgraph (no listen: index.ts and tests do that). */
export async function buildOrdersSubgraph({ config, logger, db, metrics }: OrdersDeps): Promise<Subgraph> {
  const tokens = tokenServiceOf(config);
  const prices = new ProductPrices(config.PRODUCTS_SUBGRAPH_URL);
  const orders = new OrdersService(new OrderStore(db), prices);
  const subgraph = await createSubgraph<Context>({
    name: 'orders',
    schemaPath: SCHEMA_PATH,
    resolvers,
    logger,
    production: config.NODE_ENV === 'production',
    readiness: [postgresReadiness(db)],
    http: httpSettings(config),
    ...(metrics ? { metrics } : {}),
    context: async (request) =>
      createContext(
        orders,
        new RequestAuth(
          {
            authorization: request.headers.authorization,
            apiKey: headerValue(request.headers['x-api-key']),
          },
          tokens,
          config.API_SECRET,
        ),
        headerValue(request.headers['x-request-id']),
        headerValue(request.headers['idempotency-key']),
      ),
  });
  subgraph.app.addHook('onClose', () => prices.close());
  return subgraph;
}
