import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import type { Redis } from 'ioredis';
import { readGeneration } from '@commerce/product-cache';
import type { Logger } from '@commerce/service';
import type { GatewayContext } from '../context';
import { coercedVariables } from '../limits/operation-variables';
import { RedisKeyValueCache } from './redis-key-value-cache';

/** How long an operation found uncacheable skips the response cache. */
const RELEARN_AFTER_MS = 60_000;

/**
 * Whole responses of queries that every subgraph they touched called public and cacheable
 * (Cache-Control from the subgraphs, merged by @apollo/gateway into the request's cache
 * policy: the products subgraph's catalogue reads; anything touching orders or users, or
 * `_entities`, is max-age 0 and never stored). No sessionId: private answers are never
 * stored. Mutations never read or write. The plugin answers in responseForOperation, after
 * validation (operation limits, cost) and every didResolveOperation hook (rate limits);
 * the safelist runs before Apollo at all.
 *
 * Invalidation: the key includes the catalogue's generation (`readGeneration`), which the
 * worker and the product mutations bump in the same MULTI as they delete the subgraph's
 * entries. A response stored under generation g was fetched after g was read, so it
 * reflects every write whose invalidation had already happened by then; any later write
 * bumps the generation to g+1, and from then on no request computes a key of g: the old
 * entries are unreachable and expire by their max-age. A deferred invalidation (Redis
 * unreachable when the write happened) is as stale here as in the product cache, bounded
 * by the same TTL. A hit costs two reads: GET generation, then GET entry.
 *
 * The key holds the coerced variables (operation-variables.ts), not the request's: undeclared
 * variables are not part of it (a client cannot mint keys, or make the key's serialisation
 * walk a document of its choosing), and one value sent two ways (input fields in another
 * order, a default spelled out) is one entry. Variables that do not coerce skip the cache;
 * execution refuses them.
 *
 * If the generation cannot be read (Redis down), the request neither reads nor writes the
 * cache and is answered by the subgraphs. Operations answered without errors and found
 * uncacheable skip the cache (no Redis reads) for a minute at a time.
 */
export function responseCachePlugin(
  redis: Redis,
  logger: Logger,
): ApolloServerPlugin<GatewayContext>[] {
  const generations = new WeakMap<GraphQLRequest, string>();
  const variables = new WeakMap<GraphQLRequest, Record<string, unknown>>();
  /**
   * Operations whose answer came back uncacheable (they touch orders or users): for a
   * minute they skip the cache, so they do not pay two Redis reads for nothing on every
   * request; then the next answer decides again (a subgraph mid-deploy without its hints,
   * or variables that switched a private field on, must not disable caching for good).
   * Keyed by Apollo's parsed document, which its document store reuses for the same query
   * text and drops when the supergraph changes.
   */
  const uncacheableUntil = new WeakMap<DocumentNode, number>();
  const knownUncacheable = (document: DocumentNode) =>
    (uncacheableUntil.get(document) ?? 0) > Date.now();
  const keyedByGeneration = async ({ request }: { request: GraphQLRequest }) =>
    generations.has(request);
  const cache = ApolloServerPluginResponseCache<GatewayContext>({
    cache: new RedisKeyValueCache(redis, logger),
    // Called before shouldReadFromCache, and only for queries.
    extraCacheKeyData: async ({ request, document, schema, operation }) => {
      if (!document || !operation || knownUncacheable(document)) return null;
      const coerced = coercedVariables({ request, schema, operation });
      if (!coerced.ok) return null;
      variables.set(request, coerced.values);
      try {
        const generation = await readGeneration(redis);
        generations.set(request, generation);
        return { catalogueGeneration: generation };
      } catch (error) {
        logger.debug({ err: error }, 'catalogue generation unreadable: response cache skipped');
        return null;
      }
    },
    shouldReadFromCache: keyedByGeneration,
    shouldWriteToCache: keyedByGeneration,
    // Called only for requests keyed by generation, whose variables were coerced above.
    generateCacheKey: ({ request }, key) =>
      createHash('sha256')
        .update(JSON.stringify({ ...(key as object), variables: variables.get(request) }))
        .digest('hex'),
  });
  const learnUncacheable: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ document, operation, response, overallCachePolicy }) {
          if (!document || operation?.operation !== 'query') return;
          if (response.body.kind !== 'single' || response.body.singleResult.errors) return;
          // Answered without errors and still not cacheable: it never will be.
          if (!overallCachePolicy.policyIfCacheable()) {
            uncacheableUntil.set(document, Date.now() + RELEARN_AFTER_MS);
          }
        },
      };
    },
  };
  return [cache, learnUncacheable];
}
