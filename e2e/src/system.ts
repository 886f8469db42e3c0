import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createOrdersClient, type OrdersPrismaClient } from '@commerce/db/orders';
import { createProductsClient, type ProductsPrismaClient } from '@commerce/db/products';
import { createReviewsClient } from '@commerce/db/reviews';
import { createUsersClient } from '@commerce/db/users';
import { createCacheRedis } from '@commerce/product-cache';
import { createLogger, createMetricsRegistry, listen, parseConfig } from '@commerce/service';
import {
  createTestDatabase,
  freePort,
  GraphQLClient,
  uniqueName,
  type ServiceProcess,
  type Shop,
  type TestDatabase,
} from '@commerce/testing';
import { compose, type SubgraphSource } from '../../apps/gateway/tools/compose';
import { gatewayConfigSchema } from '../../apps/gateway/src/config';
import { buildGateway } from '../../apps/gateway/src/server';
import { workerConfigSchema } from '../../apps/inventory-worker/src/config';
import { buildWorker, type Worker } from '../../apps/inventory-worker/src/worker';
import { ordersConfigSchema } from '../../apps/orders-subgraph/src/config';
import { createOrdersSaga } from '../../apps/orders-subgraph/src/saga';
import {
  buildOrdersSubgraph,
  SCHEMA_PATH as ORDERS_SCHEMA,
} from '../../apps/orders-subgraph/src/server';
import { productsConfigSchema } from '../../apps/products-subgraph/src/config';
import {
  buildProductsSubgraph,
  SCHEMA_PATH as PRODUCTS_SCHEMA,
} from '../../apps/products-subgraph/src/server';
import { usersConfigSchema } from '../../apps/users-subgraph/src/config';
import {
  buildUsersSubgraph,
  SCHEMA_PATH as USERS_SCHEMA,
} from '../../apps/users-subgraph/src/server';
import { manualsConfigSchema } from '../../apps/manuals-service/src/config';
import { buildManualsService } from '../../apps/manuals-service/src/server';
import { restConfigSchema } from '../../apps/rest-subgraph/src/config';
import { buildRestSubgraph, schemaPathOf } from '../../apps/rest-subgraph/src/server';
import { reviewsConfigSchema } from '../../apps/reviews-service/src/config';
import { buildReviewsService } from '../../apps/reviews-service/src/server';
import { LOG_LEVEL, TEST_SECRETS } from './config';
import { repoProcess } from './repo-process';
import { shopOver } from './shop';

export type SystemOptions = {
  /**
   * Where the inventory worker runs: in this process (default), as a child process (to be
   * SIGKILLed by a test), or not at all.
   */
  worker?: 'in-process' | 'child' | 'none';
  /** Whether orders-subgraph runs its saga (outbox relay + outcome consumer). */
  saga?: boolean;
  /** Redis for products-subgraph and the worker (default: the local one). */
  redisUrl?: string;
  /** Kafka brokers (default: the local broker). */
  kafkaBrokers?: string;
  /** Extra gateway environment (limits, rate limits, NODE_ENV, safelist mode). */
  gatewayEnv?: Record<string, string>;
  /** Extra orders-subgraph environment (e.g. ORDER_HOLD_SECONDS). */
  ordersEnv?: Record<string, string>;
  /** Extra inventory-worker environment (e.g. MAX_HELD_UNITS_PER_USER). */
  workerEnv?: Record<string, string>;
  /** Extra rest-subgraph environment (REST_TIMEOUT_MS, a source's base URL variable). */
  restEnv?: Record<string, string>;
};

export type System = {
  gateway: GraphQLClient;
  /** The shop client over `gateway`. */
  shop: Shop;
  gatewayUrl: string;
  subgraphUrls: SubgraphUrls;
  /** The REST services behind the rest-subgraph (issue 12). */
  restServices: { reviews: string; manuals: string };
  /** The manuals service's table: it reads the file again when it changes. */
  manualsFile: string;
  ordersDb: OrdersPrismaClient;
  productsDb: ProductsPrismaClient;
  databases: {
    users: TestDatabase;
    products: TestDatabase;
    orders: TestDatabase;
    reviews: TestDatabase;
  };
  topicPrefix: string;
  workerEnv: Record<string, string>;
  /** The gateway's environment: another gateway built from it shares its rate-limit counters. */
  gatewayEnv: Record<string, string>;
  /** The worker when it runs as a child process, its http://127.0.0.1:<port>, and its metrics listener's. */
  workerProcess?: ServiceProcess;
  workerUrl?: string;
  workerMetricsUrl?: string;
  stop: () => Promise<void>;
};

/**
 * Boots the whole system for one test file, on 127.0.0.1 with ephemeral ports: three
 * fresh databases, a unique Kafka topic prefix and consumer groups, the three subgraphs,
 * a gateway over a supergraph composed from their real URLs, the orders saga and the
 * inventory worker. `stop()` ends all of it and drops the databases.
 */
export async function startSystem(options: SystemOptions = {}): Promise<System> {
  const logger = createLogger('e2e', LOG_LEVEL);
  const prefix = `${uniqueName('e2e')}.`;
  const kafkaBrokers = options.kafkaBrokers ?? '127.0.0.1:9092';
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
  const [usersDb, productsDb, ordersDb, reviewsDb] = await Promise.all([
    createTestDatabase('users'),
    createTestDatabase('products'),
    createTestDatabase('orders'),
    createTestDatabase('reviews'),
  ]);
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await Promise.all([usersDb.drop(), productsDb.drop(), ordersDb.drop(), reviewsDb.drop()]);
  };

  try {
    const common = { NODE_ENV: 'test', LOG_LEVEL, HOST: '127.0.0.1', PORT: '0', ...TEST_SECRETS };

    const usersClient = createUsersClient(usersDb.url);
    cleanups.push(() => usersClient.$disconnect());
    const users = await buildUsersSubgraph({
      config: parseConfig(usersConfigSchema, { ...common, USERS_DATABASE_URL: usersDb.url }),
      logger,
      db: usersClient,
    });
    const usersUrl = await startApp(users.app, cleanups);

    const productsClient = createProductsClient(productsDb.url);
    cleanups.push(() => productsClient.$disconnect());
    const productsRedis = createCacheRedis(redisUrl, prefix);
    productsRedis.on('error', () => undefined);
    cleanups.push(async () => productsRedis.disconnect());
    const products = await buildProductsSubgraph({
      config: parseConfig(productsConfigSchema, {
        ...common,
        PRODUCTS_DATABASE_URL: productsDb.url,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
      }),
      logger,
      db: productsClient,
      redis: productsRedis,
    });
    const productsUrl = await startApp(products.app, cleanups);

    const ordersConfig = parseConfig(ordersConfigSchema, {
      ...common,
      ORDERS_DATABASE_URL: ordersDb.url,
      PRODUCTS_SUBGRAPH_URL: `${productsUrl}/graphql`,
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}orders`,
      ...options.ordersEnv,
    });
    const ordersClient = createOrdersClient(ordersDb.url, {
      poolSize: ordersConfig.ORDERS_DATABASE_POOL_SIZE,
    });
    cleanups.push(() => ordersClient.$disconnect());
    const registry = createMetricsRegistry('orders');
    const orders = await buildOrdersSubgraph({
      config: ordersConfig,
      logger,
      db: ordersClient,
      metrics: registry,
    });
    const ordersUrl = await startApp(orders.app, cleanups);
    if (options.saga !== false) {
      const saga = createOrdersSaga({
        config: ordersConfig,
        logger,
        db: ordersClient,
        registry,
      });
      await saga.start();
      cleanups.push(() => saga.stop());
    }

    const workerEnv = {
      ...common,
      PRODUCTS_DATABASE_URL: productsDb.url,
      REDIS_URL: redisUrl,
      // The product cache of this system only: systems of parallel test files share Redis.
      REDIS_KEY_PREFIX: prefix,
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}inventory`,
      ...options.workerEnv,
    };
    let workerProcess: ServiceProcess | undefined;
    let workerUrl: string | undefined;
    let workerMetricsUrl: string | undefined;
    if (options.worker === 'child') {
      const [port, metricsPort] = [await freePort(), await freePort()];
      workerUrl = `http://127.0.0.1:${port}`;
      workerMetricsUrl = `http://127.0.0.1:${metricsPort}`;
      const child = repoProcess(
        'inventory-worker',
        { ...workerEnv, PORT: String(port), METRICS_PORT: String(metricsPort) },
        `${workerUrl}/ready`,
      );
      workerProcess = child;
      // Registered before the start: a worker that never gets ready is stopped too.
      cleanups.push(() => child.stop());
      await child.start();
    } else if (options.worker !== 'none') {
      const workerRedis = createCacheRedis(redisUrl, prefix);
      workerRedis.on('error', () => undefined);
      const worker: Worker = buildWorker({
        config: parseConfig(workerConfigSchema, workerEnv),
        logger,
        db: productsClient,
        redis: workerRedis,
      });
      await worker.start();
      cleanups.push(async () => {
        await worker.stop();
        workerRedis.disconnect();
      });
    }

    // The REST side (issue 12): reviews and manuals, and the subgraph generated from them.
    const reviewsClient = createReviewsClient(reviewsDb.url, { poolSize: 4 });
    cleanups.push(() => reviewsClient.$disconnect());
    const reviews = buildReviewsService({
      config: parseConfig(reviewsConfigSchema, { ...common, REVIEWS_DATABASE_URL: reviewsDb.url }),
      logger,
      db: reviewsClient,
    });
    const reviewsUrl = await startApp(reviews, cleanups);
    const manualsDir = mkdtempSync(join(tmpdir(), 'manuals-'));
    cleanups.push(async () => rmSync(manualsDir, { recursive: true, force: true }));
    const manualsFile = join(manualsDir, 'manuals.json');
    writeFileSync(manualsFile, JSON.stringify({ manuals: {} }));
    const manuals = buildManualsService({
      config: parseConfig(manualsConfigSchema, { ...common, MANUALS_FILE: manualsFile }),
      logger,
    });
    const manualsUrl = await startApp(manuals, cleanups);
    const rest = await buildRestSubgraph({
      config: parseConfig(restConfigSchema, { ...common, ...options.restEnv }),
      logger,
      variables: {
        REVIEWS_SERVICE_URL: reviewsUrl,
        MANUALS_SERVICE_URL: manualsUrl,
        ...options.restEnv,
      },
    });
    const restUrl = await startApp(rest.app, cleanups);

    const subgraphUrls = {
      users: `${usersUrl}/graphql`,
      products: `${productsUrl}/graphql`,
      orders: `${ordersUrl}/graphql`,
      rest: `${restUrl}/graphql`,
    };
    const dir = mkdtempSync(join(tmpdir(), 'supergraph-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const supergraphPath = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, composeFor(subgraphUrls));
    // The gateway's response cache reads the catalogue generation of the product cache, so
    // it shares that Redis and prefix (`redisUrl`, which a test may stop); the rate-limit
    // counters come along, kept apart by the same prefix. Every test client calls from
    // 127.0.0.1, one address playing many users: per-address budgets are out of the way
    // unless a test sets them (attack-rate-limit does); per-username budgets stay as deployed.
    const gatewayEnv = {
      ...common,
      SUPERGRAPH_PATH: supergraphPath,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_PREFIX: prefix,
      LOGIN_LIMIT_PER_ADDRESS: '1000000',
      REGISTER_LIMIT_PER_ADDRESS: '1000000',
      ...options.gatewayEnv,
    };
    const gateway = await buildGateway(parseConfig(gatewayConfigSchema, gatewayEnv), logger);
    const gatewayUrl = `${await startApp(gateway.app, cleanups)}/graphql`;

    const client = new GraphQLClient(gatewayUrl);
    return {
      gateway: client,
      shop: shopOver(client),
      gatewayUrl,
      subgraphUrls,
      restServices: { reviews: reviewsUrl, manuals: manualsUrl },
      manualsFile,
      ordersDb: ordersClient,
      productsDb: productsClient,
      databases: { users: usersDb, products: productsDb, orders: ordersDb, reviews: reviewsDb },
      topicPrefix: prefix,
      workerEnv,
      gatewayEnv,
      ...(workerProcess ? { workerProcess, workerUrl, workerMetricsUrl } : {}),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startApp(
  app: FastifyInstance,
  cleanups: (() => Promise<unknown>)[],
): Promise<string> {
  const url = await listen(app, '127.0.0.1', 0);
  cleanups.push(() => app.close());
  return url;
}

export type SubgraphUrls = { users: string; products: string; orders: string; rest: string };

const REST_SCHEMA = schemaPathOf(restConfigSchema.parse({}).OPENAPI_SOURCES);

/** The real subgraph schemas, composed with this system's ephemeral URLs. */
export function composeFor(urls: SubgraphUrls): string {
  const sources: SubgraphSource[] = [
    { name: 'users', url: urls.users, file: USERS_SCHEMA, sdl: readFileSync(USERS_SCHEMA, 'utf8') },
    {
      name: 'products',
      url: urls.products,
      file: PRODUCTS_SCHEMA,
      sdl: readFileSync(PRODUCTS_SCHEMA, 'utf8'),
    },
    {
      name: 'orders',
      url: urls.orders,
      file: ORDERS_SCHEMA,
      sdl: readFileSync(ORDERS_SCHEMA, 'utf8'),
    },
    { name: 'rest', url: urls.rest, file: REST_SCHEMA, sdl: readFileSync(REST_SCHEMA, 'utf8') },
  ];
  const outcome = compose(sources);
  if (!outcome.ok) throw new Error(`composition failed: ${outcome.errors.join('\n')}`);
  return outcome.supergraphSdl;
}
