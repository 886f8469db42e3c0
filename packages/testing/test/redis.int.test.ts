import { Redis } from 'ioredis';
import { uniqueName } from '../src';

describe('Redis (127.0.0.1:6379)', () => {
  const redis = new Redis({
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });

  beforeAll(() => redis.connect());
  afterAll(() => redis.quit());

  it('sets, gets and deletes a key', async () => {
    const key = uniqueName('int-redis');

    expect(await redis.set(key, 'value', 'EX', 60)).toBe('OK');
    expect(await redis.get(key)).toBe('value');
    expect(await redis.del(key)).toBe(1);
    expect(await redis.get(key)).toBeNull();
  });
});
