import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Redis } from 'ioredis';
import { RedisServer } from '@commerce/testing';
import { ProductCache, readGeneration, type CachedProduct } from '../src/product-cache';
import { createCacheRedis } from '../src/redis';

const logger = pino({ level: 'silent' });

function product(quantity: number, id: string = randomUUID()): CachedProduct {
  const now = new Date().toISOString();
  return { id, name: 'Widget', priceCents: 100, quantity, createdAt: now, updatedAt: now };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ProductCache against a real Redis', () => {
  let server: RedisServer;
  let redis: Redis;
  let cache: ProductCache;

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = createCacheRedis(server.url);
    redis.on('error', () => undefined);
    cache = new ProductCache(redis, logger, { ttlSeconds: 30 });
    await until(() => redis.status === 'ready');
  });
  afterAll(async () => {
    redis.disconnect();
    await server.destroy();
  });

  it('misses, fills, then hits', async () => {
    const p = product(5);
    let loads = 0;
    const load = async () => {
      loads++;
      return p;
    };
    expect(await cache.product(p.id, load)).toEqual({ value: p, hit: false });
    await until(() => loads === 1);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the fill is fire-and-forget
    expect(await cache.product(p.id, load)).toEqual({ value: p, hit: true });
    expect(loads).toBe(1);
    expect(await redis.ttl(`product:${p.id}`)).toBeGreaterThan(0);
  });

  it('drops a product and every list page on invalidate', async () => {
    const p = product(5);
    await cache.product(p.id, async () => p);
    await cache.productList('50:', async () => [p]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await cache.invalidate([p.id]);
    expect(await redis.exists(`product:${p.id}`, 'products:list')).toBe(0);
    const fresh = product(4, p.id);
    expect(await cache.product(p.id, async () => fresh)).toEqual({ value: fresh, hit: false });
  });

  it('bumps the generation on every invalidation', async () => {
    const before = Number(await readGeneration(redis));
    await cache.invalidate([randomUUID()]);
    await cache.invalidate([randomUUID()]);
    expect(Number(await readGeneration(redis))).toBe(before + 2);
  });

  it('refuses a fill read before a concurrent invalidation (no stale write-back)', async () => {
    const p = product(5);
    const stale = await cache.product(p.id, async () => {
      // A writer changes the product and invalidates while this reader is at Postgres.
      await cache.invalidate([p.id]);
      return p;
    });
    expect(stale.hit).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await redis.exists(`product:${p.id}`)).toBe(0);
  });

  it('serves many products with one lookup and loads only the misses', async () => {
    const cached = product(1);
    const missing = product(2);
    await cache.product(cached.id, async () => cached);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const asked: string[][] = [];
    const result = await cache.products([cached.id, missing.id, 'unknown'], async (ids) => {
      asked.push(ids);
      return ids.includes(missing.id) ? [missing] : [];
    });
    expect(result).toEqual([cached, missing, null]);
    expect(asked).toEqual([[missing.id, 'unknown']]);
  });

  it('reads Postgres while Redis is down and resumes the cache once it is back', async () => {
    const p = product(5);
    await server.stop();
    await until(() => redis.status !== 'ready');
    await cache.invalidate([p.id]); // Redis unreachable: deferred, not thrown
    expect(cache.usable).toBe(false);
    expect(await cache.product(p.id, async () => p)).toEqual({ value: p, hit: false });
    await server.start();
    await until(() => cache.usable, 10_000);
  });

  it('replays an invalidation it missed before reading the cache again', async () => {
    const p = product(5);
    const changed = product(3, p.id);
    const direct = new Redis(server.url);
    try {
      // The connection drops; meanwhile a write invalidates, and the entry that Redis
      // kept (as a persistent Redis would) still holds the old stock.
      redis.disconnect();
      await until(() => redis.status === 'end');
      await direct.set(`product:${p.id}`, JSON.stringify(p));
      await cache.invalidate([p.id]);
      expect(cache.usable).toBe(false);

      await redis.connect();
      await until(() => cache.usable, 10_000);
      expect(await direct.exists(`product:${p.id}`)).toBe(0);
      expect(await cache.product(p.id, async () => changed)).toEqual({ value: changed, hit: false });
    } finally {
      direct.disconnect();
    }
  });
});
