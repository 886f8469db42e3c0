import type { ApolloServerPluginResponseCacheOptions } from '@apollo/server-plugin-response-cache';
import type { BaseContext } from '@apollo/server';
import type { Redis } from 'ioredis';
import type { Logger } from '@commerce/service';

type KeyValueCache = NonNullable<ApolloServerPluginResponseCacheOptions<BaseContext>['cache']>;

/**
 * Apollo's KeyValueCache over ioredis. A cache is an accelerator, never a dependency: any
 * Redis failure reads as a miss and drops the write.
 */
export class RedisKeyValueCache implements KeyValueCache {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(key)) ?? undefined;
    } catch (error) {
      this.logger.debug({ err: error }, 'response cache read failed');
      return undefined;
    }
  }

  /** `ttl` in seconds; without one the entry does not expire (KeyValueCache's contract). */
  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl;
    try {
      if (ttl) await this.redis.set(key, value, 'EX', Math.max(1, Math.ceil(ttl)));
      else await this.redis.set(key, value);
    } catch (error) {
      this.logger.debug({ err: error }, 'response cache write failed');
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(key)) > 0;
    } catch (error) {
      this.logger.debug({ err: error }, 'response cache delete failed');
      return false;
    }
  }
}
