import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import {
  applyMigrations,
  databaseName,
  ensureDatabase,
  quoteIdentifier,
  withMaintenanceClient,
} from '@commerce/db';
import { nodeProcess, type ServiceProcess } from '@commerce/testing';
import { parse } from 'graphql';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import {
  DATABASES,
  KAFKA_BROKERS,
  LOG_DIR,
  PORTS,
  REDIS_URL,
  REPO_ROOT,
  SECRETS,
  TOPIC_PREFIX,
  url,
} from './settings';

const app = (name: string) => join(REPO_ROOT, 'apps', name, 'dist', 'index.js');
const bench = (name: string) => join(__dirname, `${name}.js`);

/** Every process the bench measures, by role. */
export type System = Record<Role, ServiceProcess> & { supergraphPath: string };

const COMMON = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  // The bench reads no metrics: any free port for each service's private listener keeps
  // clear of the 9400-9404 of a running `npm start`.
  METRICS_PORT: '0',
  ...SECRETS,
};

/** Drops and recreates bench_users, bench_products, bench_orders and bench_reviews, migrated. */
export async function resetDatabases(): Promise<void> {
  for (const [service, databaseUrl] of Object.entries(DATABASES)) {
    await withMaintenanceClient(databaseUrl, (client) =>
      client.query(
        `DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName(databaseUrl))} WITH (FORCE)`,
      ),
    );
    await ensureDatabase(databaseUrl);
    await applyMigrations(service as keyof typeof DATABASES, databaseUrl);
  }
}

export async function flushRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

const kafka = () =>
  new Kafka({ brokers: [KAFKA_BROKERS], clientId: 'bench', logLevel: logLevel.NOTHING });

/** Deletes the topics and consumer groups of bench runs (`bench.` prefix), this one included. */
export async function deleteBenchTopics(): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith('bench.'));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
    const { groups } = await admin.listGroups();
    const ours = groups.map((group) => group.groupId).filter((id) => id.startsWith('bench.'));
    if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** The repo's subgraph schemas (the REST one included) composed with the bench's routing URLs. */
export function writeSupergraph(): string {
  const schema = (name: string) =>
    readFileSync(join(REPO_ROOT, 'apps', `${name}-subgraph`, 'schema.graphql'), 'utf8');
  const result = composeServices(
    (['users', 'products', 'orders', 'rest'] as const).map((name) => ({
      name,
      url: url(PORTS[name]),
      typeDefs: parse(schema(name)),
    })),
  );
  if (result.errors) throw new Error(`composition failed: ${result.errors.map(String).join('\n')}`);
  mkdirSync(LOG_DIR, { recursive: true });
  const path = join(LOG_DIR, 'supergraph.graphql');
  writeFileSync(path, result.supergraphSdl);
  return path;
}

/** Node flags per role, e.g. `--cpu-prof` for the profiling pass. */
export type NodeArgs = Partial<
  Record<'users' | 'products' | 'orders' | 'worker' | 'gateway', string[]>
>;

/** The manuals service's table (S4 writes it before the service starts; git-ignored). */
export const MANUALS_FILE = join(LOG_DIR, 'manuals.json');

/**
 * One measured process: `node <script>` with its own environment, output to
 * .run/bench/<name>.log, stopped by pid. Its pid is node's own, so /proc/<pid> describes
 * exactly the measured process.
 */
function benchProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: string,
  nodeArgs: string[] = [],
): ServiceProcess {
  return nodeProcess({
    name,
    script,
    nodeArgs,
    env: { ...COMMON, ...env },
    ready,
    output: { file: join(LOG_DIR, `${name}.log`) },
    startTimeoutMs: 60_000,
  });
}

export function defineSystem(supergraphPath: string, nodeArgs: NodeArgs = {}): System {
  const kafkaEnv = (group: string) => ({
    KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
    KAFKA_GROUP_ID: `${TOPIC_PREFIX}${group}`,
  });
  const ready = (port: number) => url(port, '/ready');
  /** Where S4's floor and Mesh gateway find the services the query needs. */
  const restBackends = {
    PRODUCTS_URL: url(PORTS.products),
    USERS_URL: url(PORTS.users),
    REVIEWS_SERVICE_URL: url(PORTS.reviews, ''),
    MANUALS_SERVICE_URL: url(PORTS.manuals, ''),
  };
  return {
    supergraphPath,
    users: benchProcess(
      'users-subgraph',
      app('users-subgraph'),
      { PORT: String(PORTS.users), USERS_DATABASE_URL: DATABASES.users },
      ready(PORTS.users),
      nodeArgs.users,
    ),
    products: benchProcess(
      'products-subgraph',
      app('products-subgraph'),
      { PORT: String(PORTS.products), PRODUCTS_DATABASE_URL: DATABASES.products, REDIS_URL },
      ready(PORTS.products),
      nodeArgs.products,
    ),
    orders: benchProcess(
      'orders-subgraph',
      app('orders-subgraph'),
      {
        PORT: String(PORTS.orders),
        ORDERS_DATABASE_URL: DATABASES.orders,
        PRODUCTS_SUBGRAPH_URL: url(PORTS.products),
        ...kafkaEnv('orders'),
      },
      ready(PORTS.orders),
      nodeArgs.orders,
    ),
    worker: benchProcess(
      'inventory-worker',
      app('inventory-worker'),
      {
        PORT: String(PORTS.worker),
        PRODUCTS_DATABASE_URL: DATABASES.products,
        REDIS_URL,
        ...kafkaEnv('inventory'),
        // S2's 200 buyers place thousands of orders per round: the bench measures the saga's
        // throughput, not the per-user holding limit, so it is set far above what they reach.
        MAX_HELD_UNITS_PER_USER: '100000000',
      },
      ready(PORTS.worker),
      nodeArgs.worker,
    ),
    gateway: benchProcess(
      'gateway',
      app('gateway'),
      {
        PORT: String(PORTS.gateway),
        SUPERGRAPH_PATH: supergraphPath,
        REDIS_URL,
        RATE_LIMIT_PREFIX: `${TOPIC_PREFIX}rate-limit:`,
      },
      ready(PORTS.gateway),
      nodeArgs.gateway,
    ),
    reviews: benchProcess(
      'reviews-service',
      app('reviews-service'),
      { PORT: String(PORTS.reviews), REVIEWS_DATABASE_URL: DATABASES.reviews },
      ready(PORTS.reviews),
    ),
    manuals: benchProcess(
      'manuals-service',
      app('manuals-service'),
      { PORT: String(PORTS.manuals), MANUALS_FILE },
      ready(PORTS.manuals),
    ),
    rest: benchProcess(
      'rest-subgraph',
      app('rest-subgraph'),
      {
        PORT: String(PORTS.rest),
        REVIEWS_SERVICE_URL: url(PORTS.reviews, ''),
        MANUALS_SERVICE_URL: url(PORTS.manuals, ''),
      },
      ready(PORTS.rest),
    ),
    hive: benchProcess(
      'hive-gateway',
      bench('hive-gateway'),
      { PORT: String(PORTS.hive), SUPERGRAPH_PATH: supergraphPath },
      url(PORTS.hive, '/healthcheck'),
    ),
    floor: benchProcess(
      'floor',
      bench('floor'),
      { PORT: String(PORTS.floor), SUPERGRAPH_PATH: supergraphPath },
      url(PORTS.floor, '/health'),
    ),
    restFloor: benchProcess(
      'rest-floor',
      bench('rest-floor'),
      { PORT: String(PORTS.restFloor), ...restBackends },
      url(PORTS.restFloor, '/health'),
    ),
    mesh: benchProcess(
      'mesh-gateway',
      bench('mesh-gateway'),
      { PORT: String(PORTS.mesh), ...restBackends },
      url(PORTS.mesh, '/healthcheck'),
    ),
  };
}

const SUBGRAPHS_AND_WORKER = [
  'users',
  'products',
  'orders',
  'worker',
  'reviews',
  'manuals',
  'rest',
] as const;
const GATEWAYS = ['gateway', 'hive', 'floor', 'restFloor', 'mesh'] as const;
export type Role = (typeof SUBGRAPHS_AND_WORKER)[number] | (typeof GATEWAYS)[number];

/**
 * Subgraphs, REST services and worker first (orders calls products, the rest-subgraph calls
 * the REST services), then the gateways.
 */
export async function startServices(
  system: System,
  roles: readonly Role[] = [...SUBGRAPHS_AND_WORKER, ...GATEWAYS],
): Promise<void> {
  const first = roles.filter((r) => ['users', 'products', 'reviews', 'manuals'].includes(r));
  const second = roles.filter((r) => ['orders', 'worker', 'rest'].includes(r));
  const third = roles.filter((r) => (GATEWAYS as readonly string[]).includes(r));
  for (const group of [first, second, third])
    await Promise.all(group.map((r) => system[r].start()));
}

export async function stopServices(
  system: System,
  roles: readonly Role[] = [...GATEWAYS, ...SUBGRAPHS_AND_WORKER],
): Promise<void> {
  await Promise.all(roles.map((r) => system[r].stop()));
}
