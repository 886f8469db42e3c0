import { randomBytes } from 'node:crypto';
import { RateLimiter, createRateLimitRedis } from '../src/limits/rate-limiter';

/** The counters against the local Redis, each test under a prefix of its own. */
describe('RateLimiter', () => {
  const redis = createRateLimitRedis('redis://127.0.0.1:6379');
  const limiter = () =>
    new RateLimiter(redis, { prefix: `test:${randomBytes(6).toString('hex')}:`, windowSeconds: 1 });
  afterAll(() => redis.disconnect());

  it('allows the budget, refuses past it until the window ends, then allows again', async () => {
    const counters = limiter();
    for (let i = 0; i < 3; i += 1) {
      await expect(counters.hit([{ key: 'k', count: 1, limit: 3 }])).resolves.toEqual({
        allowed: true,
      });
    }
    await expect(counters.hit([{ key: 'k', count: 1, limit: 3 }])).resolves.toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(counters.hit([{ key: 'k', count: 1, limit: 3 }])).resolves.toEqual({
      allowed: true,
    });
  });

  it('counts several attempts at once, and refuses when any counter is over', async () => {
    const counters = limiter();
    await expect(counters.hit([{ key: 'k', count: 4, limit: 3 }])).resolves.toMatchObject({
      allowed: false,
    });
    await expect(
      counters.hit([
        { key: 'fresh', count: 1, limit: 10 },
        { key: 'k', count: 1, limit: 3 },
      ]),
    ).resolves.toMatchObject({ allowed: false });
  });

  it('runs the counters concurrently without losing a hit', async () => {
    const counters = limiter();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => counters.hit([{ key: 'k', count: 1, limit: 20 }])),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(20);
  });

  it('throws, quickly, when Redis cannot be reached', async () => {
    const dead = createRateLimitRedis('redis://127.0.0.1:1');
    dead.on('error', () => undefined);
    const started = Date.now();
    await expect(
      new RateLimiter(dead, { prefix: 'x:', windowSeconds: 1 }).hit([
        { key: 'k', count: 1, limit: 1 },
      ]),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
    dead.disconnect();
    // ioredis destroys the failed socket of a reconnecting client 2 s after disconnect().
    await new Promise((resolve) => setTimeout(resolve, 2_100));
  });
});
