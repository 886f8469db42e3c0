import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What the cache holds of a product: plain JSON, dates as ISO strings. */
export type CachedProduct = {
  id: string;
  name: string;
  priceCents: number;
  quantity: number;
  createdAt: string;
  updatedAt: string;
};

const PRODUCT_KEY = (id: string) => `product:${id}`;
const LIST_KEY = 'products:list';
/** Bumped by every invalidation; a fill started before a bump is refused. */
const GENERATION_KEY = 'products:generation';

/**
 * The catalogue's generation: every invalidation bumps it (in the same MULTI as its DELs),
 * so a reader that keys what it keeps by it never sees an entry stored before a write
 * it must reflect (the gateway's response cache does that). Throws when Redis fails.
 */
export async function readGeneration(redis: Redis): Promise<string> {
  return (await redis.get(GENERATION_KEY)) ?? '0';
}

/**
 * Sets a key only if no invalidation happened since the reader looked at the generation:
 * closes the cache-aside race where a slow reader writes back a value read from Postgres
 * before a concurrent write, after that write's invalidation.
 */
const FILL_IF_GENERATION = `
local generation = redis.call('GET', KEYS[2]) or '0'
if generation ~= ARGV[1] then return 0 end
if ARGV[4] == '' then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else
  redis.call('HSET', KEYS[1], ARGV[4], ARGV[2])
  if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
end
return 1`;

export type ProductCacheOptions = { ttlSeconds?: number };

/**
 * Cache-aside for product reads (`product:<id>` and the `products:list` hash of pages).
 *
 * Redis is an accelerator, never a dependency: every Redis failure falls back to Postgres.
 * Invalidations that fail (Redis unreachable) are remembered and replayed as soon as the
 * connection is ready again; until then this process reads around the cache. Entries also
 * expire after a short TTL, which bounds staleness should a process die holding a
 * remembered invalidation.
 */
export class ProductCache {
  /** How long an entry lives: the bound on staleness should an invalidation be lost. */
  readonly ttlSeconds: number;
  private readonly missedInvalidations = new Set<string>();
  private missedListInvalidation = false;
  private replayTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    options: ProductCacheOptions = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? 30;
    redis.on('ready', () => void this.replayMissedInvalidations());
  }

  /** Whether reads may use the cache now (connected and owing no invalidation). */
  get usable(): boolean {
    return (
      this.redis.status === 'ready' &&
      this.missedInvalidations.size === 0 &&
      !this.missedListInvalidation
    );
  }

  async product(
    id: string,
    load: () => Promise<CachedProduct | null>,
  ): Promise<{ value: CachedProduct | null; hit: boolean }> {
    return this.readThrough(PRODUCT_KEY(id), '', load);
  }

  async productList(
    page: string,
    load: () => Promise<CachedProduct[]>,
  ): Promise<{ value: CachedProduct[]; hit: boolean }> {
    return this.readThrough(LIST_KEY, page, load);
  }

  /**
   * Many products at once (entity resolution): one round trip for every cached entry,
   * one `load` for all the misses, in the order asked.
   */
  async products(
    ids: readonly string[],
    load: (missing: string[]) => Promise<CachedProduct[]>,
  ): Promise<(CachedProduct | null)[]> {
    const found = new Map<string, CachedProduct>();
    let generation: string | null = null;
    if (this.usable && ids.length > 0) {
      try {
        const values = await this.redis.mget(...ids.map(PRODUCT_KEY), GENERATION_KEY);
        generation = values[ids.length] ?? '0';
        ids.forEach((id, i) => {
          const cached = values[i];
          if (cached) found.set(id, JSON.parse(cached) as CachedProduct);
        });
      } catch (error) {
        this.logger.debug({ err: error }, 'cache read failed, reading postgres');
      }
    }
    const missing = [...new Set(ids.filter((id) => !found.has(id)))];
    if (missing.length > 0) {
      for (const product of await load(missing)) {
        found.set(product.id, product);
        if (generation !== null) this.fill(PRODUCT_KEY(product.id), '', generation, product);
      }
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  /** Drops the given products and every cached list page. Never throws. */
  async invalidate(productIds: readonly string[]): Promise<void> {
    try {
      await this.deleteEntries(productIds);
    } catch (error) {
      for (const id of productIds) this.missedInvalidations.add(id);
      this.missedListInvalidation = true;
      this.scheduleReplay();
      this.logger.warn(
        { err: error, products: productIds.length },
        'cache invalidation deferred until redis is back',
      );
    }
  }

  private async deleteEntries(productIds: readonly string[]): Promise<void> {
    if (this.redis.status !== 'ready') throw new Error(`redis is ${this.redis.status}`);
    const results = await this.redis
      .multi()
      .del(LIST_KEY, ...productIds.map(PRODUCT_KEY))
      .incr(GENERATION_KEY)
      .exec();
    for (const [error] of results ?? []) if (error) throw error;
  }

  private async readThrough<T>(
    key: string,
    field: string,
    load: () => Promise<T>,
  ): Promise<{ value: T; hit: boolean }> {
    if (!this.usable) return { value: await load(), hit: false };
    let generation: string;
    try {
      const [cached, current] = await this.lookup(key, field);
      if (cached !== null) return { value: JSON.parse(cached) as T, hit: true };
      generation = current ?? '0';
    } catch (error) {
      this.logger.debug({ err: error }, 'cache read failed, reading postgres');
      return { value: await load(), hit: false };
    }
    const value = await load();
    if (value !== null) this.fill(key, field, generation, value);
    return { value, hit: false };
  }

  /** Fire and forget: a failed fill only costs a later miss. */
  private fill(key: string, field: string, generation: string, value: unknown): void {
    this.redis
      .eval(
        FILL_IF_GENERATION,
        2,
        key,
        GENERATION_KEY,
        generation,
        JSON.stringify(value),
        this.ttlSeconds,
        field,
      )
      .catch((error: unknown) => this.logger.debug({ err: error }, 'cache fill failed'));
  }

  /** One round trip: the entry and the generation it must be filled under. */
  private async lookup(key: string, field: string): Promise<[string | null, string | null]> {
    const pipeline = this.redis.pipeline();
    if (field === '') pipeline.get(key);
    else pipeline.hget(key, field);
    pipeline.get(GENERATION_KEY);
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    return [(results[0]?.[1] as string | null) ?? null, (results[1]?.[1] as string | null) ?? null];
  }

  private async replayMissedInvalidations(): Promise<void> {
    if (this.missedInvalidations.size === 0 && !this.missedListInvalidation) return;
    const ids = [...this.missedInvalidations];
    try {
      await this.deleteEntries(ids);
    } catch (error) {
      this.logger.warn({ err: error }, 'replaying deferred cache invalidations failed');
      this.scheduleReplay();
      return;
    }
    // Reads stay off the cache until the deletes have landed, and only then resume.
    for (const id of ids) this.missedInvalidations.delete(id);
    this.missedListInvalidation = false;
    this.logger.info({ products: ids.length }, 'replayed deferred cache invalidations');
  }

  /** Retries a failed replay even if no new 'ready' event comes (a flapping connection). */
  private scheduleReplay(): void {
    if (this.replayTimer) return;
    this.replayTimer = setTimeout(() => {
      this.replayTimer = undefined;
      if (this.redis.status === 'ready') void this.replayMissedInvalidations();
      else if (this.missedInvalidations.size > 0 || this.missedListInvalidation) this.scheduleReplay();
    }, 1_000);
    this.replayTimer.unref();
  }
}
