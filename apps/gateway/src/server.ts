import { randomUUID } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { FastifyInstance } from 'fastify';
import {
  createHttpServer,
  createMetricsRegistry,
  headerValue,
  mountGraphQL,
  type Logger,
} from '@commerce/service';
import { subgraphUrlOverrides, type GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { formatGatewayError } from './format-error';
import { SubgraphSource } from './subgraph-source';
import { supergraphFromFile } from './supergraph-file';

export type Gateway = { app: FastifyInstance; apollo: ApolloServer<GatewayContext> };

/** Builds the public endpoint (no listen: index.ts and tests do that). */
export async function buildGateway(config: GatewayConfig, logger: Logger): Promise<Gateway> {
  const production = config.NODE_ENV === 'production';
  const overrides = subgraphUrlOverrides(config);
  let loaded = false;
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.SUPERGRAPH_PATH, logger),
    buildService: ({ name, url }) => new SubgraphSource({ url: overrides[name] ?? url }),
    logger,
  });
  gateway.onSchemaLoadOrUpdate(() => {
    loaded = true;
  });

  const app = createHttpServer({
    logger,
    bodyLimit: config.MAX_BODY_BYTES,
    metrics: createMetricsRegistry('gateway'),
    readiness: [
      {
        name: 'supergraph',
        check: async () => {
          if (!loaded) throw new Error('supergraph not loaded');
        },
      },
    ],
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // Batched HTTP requests would let one request bypass per-operation limits.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError: (formatted) =>
      formatGatewayError(formatted, (error) =>
        logger.error({ error }, 'unexpected error masked at the gateway'),
      ),
    plugins: [
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();
  mountGraphQL(app, apollo, async (request) => {
    const authorization = headerValue(request.headers.authorization);
    const apiKey = headerValue(request.headers['x-api-key']);
    return {
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(apiKey ? { 'x-api-key': apiKey } : {}),
      },
      requestId: randomUUID(),
    };
  });
  // app.close() stops accepting connections and waits for in-flight requests (Fastify
  // drains them), then stops Apollo. Apollo's drain plugin would close Fastify from
  // inside its own onClose and deadlock.
  app.addHook('onClose', async () => apollo.stop());
  return { app, apollo };
}
