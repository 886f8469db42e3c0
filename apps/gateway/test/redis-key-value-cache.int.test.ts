import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createCacheRedis } from '@commerce/product-cache';
import { createLogger } from '@commerce/service';
import { RedisKeyValueCache } from '../src/caching/redis-key-value-cache';

const logger = createLogger('test', 'silent');

/** The response cache's storage against the local Redis, under a prefix of its own. */
describe('RedisKeyValueCache', () => {
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const redis = createCacheRedis('redis://127.0.0.1:6379', prefix);
  const cache = new RedisKeyValueCache(redis, logger);
  beforeAll(async () => {
    await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(() => redis.disconnect());

  it('keeps a value for its ttl, under the prefix, until deleted', async () => {
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('a', 'value', { ttl: 30 });
    expect(await cache.get('a')).toBe('value');
    const raw = new Redis('redis://127.0.0.1:6379');
    try {
      expect(await raw.ttl(`${prefix}a`)).toBeGreaterThan(28);
    } finally {
      raw.disconnect();
    }
    expect(await cache.delete('a')).toBe(true);
    expect(await cache.get('a')).toBeUndefined();
  });

  it('lets an entry expire', async () => {
    await cache.set('short', 'value', { ttl: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await cache.get('short')).toBeUndefined();
  });
});

describe('RedisKeyValueCache with Redis unreachable', () => {
  // A closed port: every command fails at once.
  const redis = createCacheRedis('redis://127.0.0.1:1');
  redis.on('error', () => undefined);
  const cache = new RedisKeyValueCache(redis, logger);
  afterAll(() => redis.disconnect());

  it('misses, and drops writes and deletes, without throwing', async () => {
    await expect(cache.set('a', 'value', { ttl: 30 })).resolves.toBeUndefined();
    await expect(cache.get('a')).resolves.toBeUndefined();
    await expect(cache.delete('a')).resolves.toBe(false);
  });
});
