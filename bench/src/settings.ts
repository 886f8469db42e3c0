import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const BENCH_ROOT = join(REPO_ROOT, 'bench');
export const RESULTS_DIR = join(BENCH_ROOT, 'results');
/** Service logs, the composed supergraph and CPU profiles (git-ignored). */
export const LOG_DIR = join(REPO_ROOT, '.run', 'bench');

/** Ports of the bench's own system: clear of `npm start` (4000-4004). */
export const PORTS = {
  gateway: 5000,
  users: 5001,
  products: 5002,
  orders: 5003,
  worker: 5004,
  hive: 5005,
  floor: 5006,
  reviews: 5007,
  manuals: 5008,
  rest: 5009,
  restFloor: 5010,
  mesh: 5011,
} as const;

export const HOST = '127.0.0.1';
export const url = (port: number, path = '/graphql') => `http://${HOST}:${port}${path}`;

export const DATABASES = {
  users: 'postgresql://postgres@127.0.0.1:5432/bench_users',
  products: 'postgresql://postgres@127.0.0.1:5432/bench_products',
  orders: 'postgresql://postgres@127.0.0.1:5432/bench_orders',
  reviews: 'postgresql://postgres@127.0.0.1:5432/bench_reviews',
} as const;

/**
 * The product cache's keys have fixed names, so the bench keeps them in a Redis database
 * of its own (flushed at start); INFO stats counters are server-wide, though.
 */
export const REDIS_DB = 9;
export const REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DB}`;
export const KAFKA_BROKERS = '127.0.0.1:9092';

/** Timing of the scenarios; the whole run must stay well under 10 minutes. */
export const TIMING = {
  rounds: 3,
  /** Rounds further apart than this (max-min over median) are inconclusive. */
  spreadLimit: 0.1,
  /** bench/dist/main.js alone; the build before it takes well under a minute when cached. */
  deadlineMs: 9 * 60_000,
  s1: { buyers: 16, warmupSeconds: 3, roundSeconds: 6, connections: 16 },
  s2: {
    buyers: 200,
    attempts: 5_000,
    warmupAttempts: 300,
    hotStock: 1_000,
    otherStock: 1_000_000,
    otherProducts: 3,
    naiveConcurrency: [1, 4, 16, 64],
    naiveProbeSeconds: 2,
    naiveRoundSeconds: 3,
    halfRateSeconds: 6,
    settleTimeoutMs: 60_000,
  },
  s3: { products: 1_000, pageSize: 20, warmSeconds: 4, connections: 16 },
  s4: { products: 16, reviewsPerProduct: 3, warmupSeconds: 3, roundSeconds: 5, connections: 16 },
} as const;

/** Secrets of this run only. */
export const SECRETS = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  API_SECRET: randomBytes(24).toString('base64url'),
};

export const RUN_ID = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
export const TOPIC_PREFIX = `bench.${RUN_ID}.`;
