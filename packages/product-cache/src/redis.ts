import { Redis } from 'ioredis';

/**
 * A Redis connection tuned for a cache: commands fail fast instead of queueing while the
 * server is away (callers fall back to Postgres), and it keeps reconnecting in the
 * background. `keyPrefix` keeps deployments (or test systems) that share one Redis apart;
 * the products subgraph and the worker of one deployment must use the same.
 */
export function createCacheRedis(url: string, keyPrefix = ''): Redis {
  return new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 1_000,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
}
