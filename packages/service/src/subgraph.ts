import { readFileSync } from 'node:fs';
import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { ApolloFastifyContextFunction } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { parse, type GraphQLFormattedError } from 'graphql';
import { ERRORS, isClientErrorCode, maskedError } from './errors';
import { createHttpServer, mountGraphQL, type HttpSettings, type ReadinessCheck } from './http';
import type { Logger } from './logger';
import { createMetricsRegistry } from './metrics';
import { PRISMA_OVERLOAD_CODES } from '@commerce/db/errors';

export type SubgraphOptions<Context extends BaseContext> = {
  name: string;
  /** Path of the subgraph's schema.graphql: the SDL file is the source of truth. */
  schemaPath: string;
  // Codegen's Resolvers type is stricter than @apollo/subgraph's map; both describe the
  // same object, so the caller's typed resolvers are accepted here as-is.
  resolvers: unknown;
  logger: Logger;
  production: boolean;
  readiness: ReadinessCheck[];
  context: ApolloFastifyContextFunction<Context>;
  /** Shared with whatever else the process measures (e.g. its Kafka consumer). */
  metrics?: Registry;
  /** Timeouts and the metrics listener (httpSettings of the service's config). */
  http?: HttpSettings;
};

export type Subgraph = { app: FastifyInstance; apollo: ApolloServer<BaseContext> };

/**
 * Builds (does not start listening) a federated subgraph: its SDL, resolvers, the shared
 * HTTP shell (/health, /ready; /metrics on its own listener) and error masking. Expected errors carry a code
 * from the catalogue; anything else is logged in full and reaches the client as a bare
 * INTERNAL_SERVER_ERROR.
 */
export async function createSubgraph<Context extends BaseContext>(
  options: SubgraphOptions<Context>,
): Promise<Subgraph> {
  const { logger } = options;
  const typeDefs = parse(readFileSync(options.schemaPath, 'utf8'));
  const app = createHttpServer({
    logger,
    readiness: options.readiness,
    metrics: options.metrics ?? createMetricsRegistry(options.name),
    landingPage: !options.production,
    ...(options.http ? { http: options.http } : {}),
  });
  const apollo = new ApolloServer<Context>({
    // Apollo's own warnings and errors go through pino, and so through its redaction.
    logger,
    schema: buildSubgraphSchema({
      typeDefs,
      resolvers: options.resolvers as GraphQLResolverMap<unknown>,
    }),
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    plugins: [
      // No per-request federated tracing: nothing here reports usage to a registry.
      ApolloServerPluginInlineTraceDisabled(),
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    formatError: (formatted, error) => maskUnexpected(formatted, error, logger),
  });
  await apollo.start();
  mountGraphQL(app, apollo, options.context);
  // app.close() stops accepting connections and waits for in-flight requests (Fastify
  // drains them), then stops Apollo. Apollo's drain plugin would close Fastify from
  // inside its own onClose and deadlock.
  app.addHook('onClose', async () => apollo.stop());
  return { app, apollo: apollo as unknown as ApolloServer<BaseContext> };
}

function maskUnexpected(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
): GraphQLFormattedError {
  const code = formatted.extensions?.['code'];
  if (isClientErrorCode(code)) return formatted;
  if (isOverloaded(error)) {
    logger.warn({ err: error, path: formatted.path }, 'overloaded: no database connection in time');
    return ERRORS.SERVICE_UNAVAILABLE.formatted(
      'The service is busy; retry shortly',
      formatted.path,
    );
  }
  logger.error({ err: error, path: formatted.path }, 'unexpected error in resolver');
  return maskedError(formatted.path);
}

/** Prisma could not get a pooled connection or start a transaction in time: load, not a bug. */
function isOverloaded(error: unknown): boolean {
  const code = (error as { originalError?: { code?: unknown } }).originalError?.code;
  return typeof code === 'string' && PRISMA_OVERLOAD_CODES.includes(code);
}
