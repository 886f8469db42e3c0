import { Redis } from 'ioredis';

/**
 * The gateway's Redis (rate-limit counters). Commands wait for the connection at start-up
 * but give up after half a second, so an outage answers quickly instead of holding
 * requests; ioredis keeps reconnecting in the background.
 */
export function createGatewayRedis(url: string): Redis {
  return new Redis(url, {
    commandTimeout: 500,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
}
