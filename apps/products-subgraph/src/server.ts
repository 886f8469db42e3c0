import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { ProductsPrismaClient } from '@commerce/db/products';
import { RequestAuth } from '@commerce/auth';
import { ProductCache } from '@commerce/product-cache';
import {
  createSubgraph,
  headerValue,
  httpSettings,
  postgresReadiness,
  type Logger,
  type Subgraph,
} from '@commerce/service';
import { Catalog } from './catalog';
import type { ProductsConfig } from './config';
import { createContext, type Context } from './context';
import { resolvers } from './resolvers';

export const SCHEMA_PATH = join(__dirname, '..', 'schema.graphql');

export type ProductsDeps = {
  config: ProductsConfig;
  logger: Logger;
  db: ProductsPrismaClient;
  redis: Redis;
};

/** Builds the products subgraph (no listen: index.ts and tests do that). */
export async function buildProductsSubgraph(deps: ProductsDeps): Promise<Subgraph> {
  const { config, logger, db, redis } = deps;
  const cache = new ProductCache(redis, logger, { ttlSeconds: config.PRODUCT_CACHE_TTL_SECONDS });
  const catalog = new Catalog(db, cache);
  return createSubgraph<Context>({
    name: 'products',
    schemaPath: SCHEMA_PATH,
    resolvers,
    logger,
    production: config.NODE_ENV === 'production',
    // Redis is not a readiness condition: without it reads go to Postgres.
    readiness: [postgresReadiness(db)],
    http: httpSettings(config),
    context: async (request) =>
      createContext(
        catalog,
        new RequestAuth({ apiKey: headerValue(request.headers['x-api-key']) }, undefined, config.API_SECRET),
        headerValue(request.headers['x-request-id']),
      ),
  });
}
