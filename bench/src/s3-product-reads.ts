import { Redis } from 'ioredis';
import { runLoad } from './load';
import type { LoadResult } from './load-spec';
import type { Databases } from './shop';
import { PORTS, REDIS_URL, TIMING, url } from './settings';
import { rotation, summarize, type Summary } from './stats';

const PRODUCT = `query BenchProduct($id: ID!) { product(id: $id) { _id name price quantity } }`;
const PRODUCTS = `query BenchProducts($after: ID) { products(first: ${TIMING.s3.pageSize}, after: $after) { _id name price quantity } }`;

type Phase = 'cold' | 'warm';
type Read = 'product' | 'products';

export type S3ReadResult = {
  coldP50Ms: Summary;
  warmP50Ms: Summary;
  coldP99Ms: Summary;
  warmP99Ms: Summary;
  coldRequestsPerSecond: Summary;
  warmRequestsPerSecond: Summary;
  warmHitRatio: Summary;
  coldHitRatio: Summary;
  warmOverCold: number;
  targets: { warmP50AtMost03Cold: boolean; hitRatioAtLeast99: boolean };
};

export type S3Result = {
  products: number;
  coldMeaning: string;
  connections: number;
  reads: Record<Read, S3ReadResult>;
  errors: { non2xx: number; failures: number; graphqlErrors: number };
};

const COLD_MEANING =
  'each request of a cold batch asks for a key (product:<id>, or one products:list page) that nobody has read since the product keys were deleted (SCAN product:* + DEL products:list) and the catalogue generation was bumped (INCR products:generation, as every real invalidation does: it leaves every gateway response cache entry unreachable) right before the batch: every read misses the gateway response cache and the product cache, goes through the products subgraph to Postgres, then fills both. Warm: the same keys, read once first (untimed), then read again for a fixed time within the 30 s TTL, answered by the gateway response cache.';

/** Product reads through the gateway: Redis misses (cold) against hits (warm). */
export async function runS3(db: Databases, log: (line: string) => void): Promise<S3Result> {
  const { products: count, connections, warmSeconds } = TIMING.s3;
  const ids = await insertProducts(db, count);
  const bodies: Record<Read, string[]> = {
    product: ids.map((id) => JSON.stringify({ query: PRODUCT, variables: { id } })),
    products: ids.map((after) => JSON.stringify({ query: PRODUCTS, variables: { after } })),
  };
  const redis = new Redis(REDIS_URL);
  const errors = { non2xx: 0, failures: 0, graphqlErrors: 0 };
  const load = async (read: Read, spec: { amount?: number; durationSeconds?: number }) => {
    const result = await runLoad({
      kind: 'http',
      url: url(PORTS.gateway),
      connections,
      ...spec,
      headers: { 'content-type': 'application/json' },
      bodies: bodies[read],
      inspect: true,
    });
    errors.non2xx += result.non2xx;
    errors.failures += result.failures;
    errors.graphqlErrors += result.graphqlErrors;
    return result;
  };
  // Each connection builds its first request up front: keep every cold key read once.
  const coldAmount = count - 2 * connections;
  const phase = async (
    read: Read,
    which: Phase,
  ): Promise<{ load: LoadResult; hitRatio: number }> => {
    await makeCold(redis);
    if (which === 'warm') await load(read, { amount: count });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = await keyspace(redis);
    const result = await load(
      read,
      which === 'cold' ? { amount: coldAmount } : { durationSeconds: warmSeconds },
    );
    const after = await keyspace(redis);
    const hits = after.hits - before.hits;
    const misses = after.misses - before.misses;
    return { load: result, hitRatio: hits / Math.max(1, hits + misses) };
  };

  try {
    await load('product', { amount: 200 });
    await load('products', { amount: 200 });
    const rounds: Record<Read, Record<Phase, { load: LoadResult; hitRatio: number }[]>> = {
      product: { cold: [], warm: [] },
      products: { cold: [], warm: [] },
    };
    for (let round = 0; round < TIMING.rounds; round++) {
      for (const read of ['product', 'products'] as const) {
        for (const which of rotation(['cold', 'warm'] as const, round)) {
          const result = await phase(read, which);
          rounds[read][which].push(result);
          log(
            `  S3 round ${round + 1} ${read} ${which}: p50 ${result.load.latencyMs.p50} ms, ${result.load.perSecond.toFixed(0)} req/s, hit ratio ${(result.hitRatio * 100).toFixed(1)}%`,
          );
        }
      }
    }
    const s = (values: number[]) => summarize(values, TIMING.spreadLimit);
    const summary = (read: Read): S3ReadResult => {
      const cold = rounds[read].cold;
      const warm = rounds[read].warm;
      const coldP50 = s(cold.map((r) => r.load.latencyMs.p50));
      const warmP50 = s(warm.map((r) => r.load.latencyMs.p50));
      const warmHitRatio = s(warm.map((r) => r.hitRatio));
      const warmOverCold = warmP50.median / coldP50.median;
      return {
        coldP50Ms: coldP50,
        warmP50Ms: warmP50,
        coldP99Ms: s(cold.map((r) => r.load.latencyMs.p99)),
        warmP99Ms: s(warm.map((r) => r.load.latencyMs.p99)),
        coldRequestsPerSecond: s(cold.map((r) => r.load.perSecond)),
        warmRequestsPerSecond: s(warm.map((r) => r.load.perSecond)),
        warmHitRatio,
        coldHitRatio: s(cold.map((r) => r.hitRatio)),
        warmOverCold,
        targets: {
          warmP50AtMost03Cold: warmOverCold <= 0.3,
          hitRatioAtLeast99: warmHitRatio.median >= 0.99,
        },
      };
    };
    return {
      products: count,
      coldMeaning: COLD_MEANING,
      connections,
      reads: { product: summary('product'), products: summary('products') },
      errors,
    };
  } finally {
    redis.disconnect();
  }
}

/** Catalogue rows straight into Postgres (no cache involved): set-up, not measured. */
async function insertProducts(db: Databases, count: number): Promise<string[]> {
  const { rows } = await db.products.query<{ id: string }>(
    `INSERT INTO products (id, name, price_cents, quantity, created_at, updated_at)
     SELECT gen_random_uuid(), 'S3 product ' || n, 100 + n, 1000, now() + n * interval '1 microsecond', now()
       FROM generate_series(1, $1::int) AS n
     RETURNING id`,
    [count],
  );
  return rows.map((r) => r.id);
}

/**
 * Every cached product read gone, at both layers: the product cache's entries, and the
 * gateway's response cache entries (keyed by the generation, so a bump hides them all).
 */
async function makeCold(redis: Redis): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', 'product:*', 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.del('products:list');
  await redis.incr('products:generation');
}

async function keyspace(redis: Redis): Promise<{ hits: number; misses: number }> {
  const info = await redis.info('stats');
  const read = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1] ?? NaN);
  return { hits: read('keyspace_hits'), misses: read('keyspace_misses') };
}
