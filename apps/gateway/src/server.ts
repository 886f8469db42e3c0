import { randomUUID } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { FastifyInstance } from 'fastify';
import { createCacheRedis } from '@commerce/product-cache';
import {
  createHttpServer,
  createMetricsRegistry,
  headerValue,
  httpSettings,
  mountGraphQL,
  type Logger,
} from '@commerce/service';
import { noStoreForClients } from './caching/client-cache-control';
import { responseCachePlugin } from './caching/response-cache';
import { subgraphUrlOverrides, type GatewayConfig } from './config';
import { FORWARDED_HEADERS, type GatewayContext } from './context';
import { formatGatewayError } from './errors/format-error';
import { withPublicCode } from './errors/public-code';
import { knownOperationTypes, refuseUnresolvedOperation } from './errors/unresolved-operation';
import { clientAddress } from './limits/client-address';
import { listSizesOf, type ListSizes } from './limits/list-sizes';
import { operationLimits } from './limits/operation-limits';
import { rateLimitBudgets, rateLimitPlugin } from './limits/rate-limit-plugin';
import { RateLimiter, createRateLimitRedis } from './limits/rate-limiter';
import { readManifest, safelist } from './limits/safelist';
import { variablesDepthLimit } from './limits/variables-depth';
import { SubgraphDataSource } from './subgraphs/subgraph-data-source';
import { createSubgraphFetcher } from './subgraphs/subgraph-fetcher';
import { supergraphFromFile } from './subgraphs/supergraph-file';

export type Gateway = { app: FastifyInstance; apollo: ApolloServer<GatewayContext> };

/** Builds the public endpoint (no listen: index.ts and tests do that). */
export async function buildGateway(config: GatewayConfig, logger: Logger): Promise<Gateway> {
  const production = config.NODE_ENV === 'production';
  const overrides = subgraphUrlOverrides(config);
  let loaded = false;
  let listSizes: ListSizes = new Map();
  const subgraphs = createSubgraphFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.SUPERGRAPH_PATH, logger),
    buildService: ({ name, url }) =>
      new SubgraphDataSource({ url: overrides[name] ?? url, fetcher: subgraphs.fetcher }),
    logger,
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    loaded = true;
    listSizes = listSizesOf(coreSupergraphSdl);
  });

  const app = createHttpServer({
    logger,
    bodyLimit: config.MAX_BODY_BYTES,
    metrics: createMetricsRegistry('gateway'),
    http: httpSettings(config),
    landingPage: !production,
    readiness: [
      {
        name: 'supergraph',
        check: async () => {
          if (!loaded) throw new Error('supergraph not loaded');
        },
      },
    ],
  });

  // Read at start-up: a missing or corrupt manifest stops the gateway, not each request.
  const persisted =
    config.PERSISTED_OPERATIONS === 'safelist'
      ? safelist(readManifest(config.PERSISTED_OPERATIONS_MANIFEST))
      : undefined;
  app.addHook('preHandler', variablesDepthLimit(config.MAX_VARIABLES_DEPTH));
  if (persisted) app.addHook('preHandler', persisted.admit);
  const limits = operationLimits(config, () => listSizes);
  const redis = createRateLimitRedis(config.REDIS_URL);
  redis.on('error', (error) => logger.warn({ err: error }, 'rate limit redis unavailable'));
  const limiter = new RateLimiter(redis, {
    prefix: config.RATE_LIMIT_PREFIX,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
  });
  // A connection of its own, tuned for a cache (fails fast, never queues); the rate
  // limiter's waits through short outages instead. Outages show in the rate limiter's logs.
  const cacheRedis =
    config.RESPONSE_CACHE === 'on'
      ? createCacheRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX)
      : undefined;
  cacheRedis?.on('error', (error) =>
    logger.debug({ err: error }, 'response cache redis unavailable'),
  );

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Apollo's own warnings and errors go through pino, and so through its redaction.
    logger,
    introspection: !production,
    // No "Did you mean ...?" in validation errors (errors/public-code.ts covers the rest).
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    // Batched HTTP requests would let one request bypass per-operation limits.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Hashes resolve only from the manifest (safelist mode); clients never fill the cache.
    persistedQueries: persisted ? { cache: persisted.cache, ttl: null } : false,
    validationRules: [knownOperationTypes, ...limits.validationRules],
    parseOptions: limits.parseOptions,
    formatError: (formatted, error) =>
      formatGatewayError(
        withPublicCode(formatted, error, { hideSchemaHints: production }),
        (masked) => logger.error({ error: masked }, 'unexpected error masked at the gateway'),
      ),
    plugins: [
      refuseUnresolvedOperation(),
      rateLimitPlugin({
        limiter,
        budgets: rateLimitBudgets(config),
        whenUnavailable: config.RATE_LIMIT_WHEN_UNAVAILABLE,
        logger,
      }),
      ...(cacheRedis ? responseCachePlugin(cacheRedis, logger) : []),
      ...noStoreForClients(),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();
  mountGraphQL(app, apollo, async (request) => {
    const headers: GatewayContext['headers'] = {};
    for (const name of FORWARDED_HEADERS) {
      const value = headerValue(request.headers[name]);
      if (value) headers[name] = value;
    }
    return {
      headers,
      requestId: randomUUID(),
      clientAddress: clientAddress(
        request.socket.remoteAddress,
        request.headers['x-forwarded-for'],
        config.TRUSTED_PROXY_HOPS,
      ),
    };
  });
  // app.close() stops accepting connections and waits for in-flight requests (Fastify
  // drains them), then stops Apollo. Apollo's drain plugin would close Fastify from
  // inside its own onClose and deadlock.
  app.addHook('onClose', async () => {
    await apollo.stop();
    redis.disconnect();
    cacheRedis?.disconnect();
    await subgraphs.close();
  });
  return { app, apollo };
}
