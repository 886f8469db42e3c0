import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { ERRORS, maskedError } from './errors';
import type { ApolloServer, BaseContext } from '@apollo/server';
import {
  fastifyApolloHandler,
  type ApolloFastifyContextFunction,
} from '@as-integrations/fastify';
import type { Registry } from 'prom-client';
import type { Logger } from './logger';

/** A named dependency the service needs to serve traffic (database, cache, broker). */
export type ReadinessCheck = { name: string; check: () => Promise<unknown> };

/** The readiness of a service's Postgres (any Prisma client): it answers a trivial query. */
export function postgresReadiness(db: {
  $queryRaw(query: TemplateStringsArray): PromiseLike<unknown>;
}): ReadinessCheck {
  return { name: 'postgres', check: async () => db.$queryRaw`SELECT 1` };
}

export type HttpOptions = {
  logger: Logger;
  /** Largest accepted request body, bytes. Apollo's 50 MB default is far too generous. */
  bodyLimit?: number;
  readiness?: ReadinessCheck[];
  metrics?: Registry;
};

/**
 * The HTTP shell every service shares: `/health` (liveness: the process answers),
 * `/ready` (readiness: every dependency answers), `/metrics` (Prometheus text).
 */
export function createHttpServer(options: HttpOptions): FastifyInstance {
  const app = Fastify({
    // Fastify's own logging (a line per request) only from warnings up.
    loggerInstance: options.logger.child(
      {},
      { level: options.logger.levelVal > 40 ? options.logger.level : 'warn' },
    ) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1_000_000,
    // Keep-alive longer than typical upstream idle timeouts so pooled connections from
    // the gateway are not cut mid-request.
    keepAliveTimeout: 65_000,
    forceCloseConnections: 'idle',
  });

  // Requests refused before GraphQL sees them (body too large, unparsable JSON) still get
  // a GraphQL-shaped answer with a stable code.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? ERRORS.INTERNAL_SERVER_ERROR.status;
    if (status >= 500) {
      options.logger.error({ err: error }, 'request failed');
      return reply.code(status).send({ errors: [maskedError()] });
    }
    const refusal =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? ERRORS.PAYLOAD_TOO_LARGE : ERRORS.BAD_REQUEST;
    // Fastify's own status: more precise than BAD_REQUEST's 400 (415 for a content type, say).
    return reply.code(status).send(refusal.responseBody(error.message));
  });

  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    const results = await Promise.all(
      (options.readiness ?? []).map(async ({ name, check }) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, (error as Error).message || 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'ok');
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      checks: Object.fromEntries(results),
    });
  });

  const registry = options.metrics;
  if (registry) {
    app.get('/metrics', async (_request, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  }
  return app;
}

/** Serves an Apollo Server at `/graphql` (GET for queries, POST for everything). */
export function mountGraphQL<Context extends BaseContext>(
  app: FastifyInstance,
  apollo: ApolloServer<Context>,
  context: ApolloFastifyContextFunction<Context>,
): void {
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, { context }),
  });
}

/** Listens and returns the bound URL (port 0 picks a free port, as tests do). */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  await app.listen({ host, port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return `http://${host}:${address.port}`;
}

/** A header's value; Node gives repeated headers as arrays, of which the first counts. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
