import { Redis, type Result } from 'ioredis';

/** One counter to bump: `count` attempts against a budget of `limit` per window. */
export type RateLimitHit = { key: string; count: number; limit: number };

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Adds `count` to the counter and starts its window on the first hit; returns the new
 * total and the milliseconds left in the window. One script, so concurrent gateways
 * cannot interleave between the increment and the expiry.
 */
const HIT_SCRIPT = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if total == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {total, ttl}
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    rateLimitHit(key: string, count: number, windowMs: number): Result<[number, number], Context>;
  }
}

/**
 * Fixed-window counters in Redis, shared by every gateway instance. Attempts are counted
 * before the operation runs (a burst of parallel attempts cannot slip through while the
 * first ones are still being answered), and refused attempts keep counting, so an
 * attacker who keeps trying stays refused until the window ends.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; windowSeconds: number },
  ) {
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /** Counts every hit; refused if any counter went over its limit. Throws if Redis fails. */
  async hit(hits: readonly RateLimitHit[]): Promise<RateLimitDecision> {
    if (hits.length === 0) return { allowed: true };
    const windowMs = this.options.windowSeconds * 1_000;
    const results = await Promise.all(
      hits.map((hit) =>
        this.redis.rateLimitHit(this.options.prefix + hit.key, hit.count, windowMs),
      ),
    );
    let refused = false;
    let retryAfterMs = 0;
    results.forEach(([total, ttl], index) => {
      if (total <= hits[index]!.limit) return;
      refused = true;
      retryAfterMs = Math.max(retryAfterMs, ttl);
    });
    if (!refused) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1_000)) };
  }
}

/**
 * The rate limiter's own Redis connection. Commands wait for the connection at start-up.
 * A Redis that refuses connections fails a command within one reconnect attempt; one that
 * hangs, after the command timeout. Shorter timeouts would fail sign-ins closed whenever
 * the event loop stalls under load, with Redis perfectly healthy. ioredis keeps
 * reconnecting.
 */
export function createRateLimitRedis(url: string): Redis {
  return new Redis(url, {
    commandTimeout: 2_000,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
}
