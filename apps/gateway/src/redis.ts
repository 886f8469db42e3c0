import { Redis } from 'ioredis';

/**
 * The gateway's Redis (rate-limit counters). Commands wait for the connection at start-up.
 * A Redis that refuses connections fails a command within one reconnect attempt (~100 ms);
 * one that hangs, after 2 s. Shorter timeouts would fail sign-ins closed whenever the event
 * loop stalls under load, with Redis perfectly healthy. ioredis keeps reconnecting.
 */
export function createGatewayRedis(url: string): Redis {
  return new Redis(url, {
    commandTimeout: 2_000,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
}
