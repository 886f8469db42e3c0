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
  /** Served at `/metrics` on the private metrics listener (listenMetrics), never the public one. */
  metrics?: Registry;
  /** Timeouts and the metrics listener's address (config: env.http, httpSettings). */
  http?: HttpSettings;
  /**
   * Apollo's development landing page is served (not in production): its HTML loads
   * scripts and styles, so it goes without the API's `default-src 'none'` policy.
   */
  landingPage?: boolean;
};

/** How long a client may take, and where metrics are served. */
export type HttpSettings = {
  /** To send the request line and headers; Node's slow-header (slowloris) guard. */
  headersTimeoutMs: number;
  /** To send the whole request, body included; a body that stalls is cut with a 408. */
  requestTimeoutMs: number;
  /**
   * An idle keep-alive connection is kept this long. Longer than the gateway's pool keeps
   * its connections to subgraphs idle (subgraph-fetcher.ts), so the pool closes first and
   * never sends a request on a connection the server is closing.
   */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way (a stalled response, a client that stopped reading). */
  connectionTimeoutMs: number;
  metricsHost: string;
  metricsPort: number;
};

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  connectionTimeoutMs: 120_000,
  metricsHost: '127.0.0.1',
  metricsPort: 0,
};

/**
 * Sent with every response of every service: a JSON API has nothing to be sniffed,
 * framed, embedded from another origin, cached by the way, or to run scripts in.
 * `Cache-Control` is only a default: a subgraph's cache hints and the gateway's own
 * policy (caching/client-cache-control.ts) set theirs over it.
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
} as const;

/** The metrics listener of each public app that has metrics (listenMetrics starts it). */
const metricsApps = new WeakMap<FastifyInstance, { app: FastifyInstance; settings: HttpSettings }>();

/**
 * The HTTP shell every service shares: `/health` (liveness: the process answers) and
 * `/ready` (readiness: every dependency answers) on the public port, security headers on
 * every response, timeouts for slow clients; `/metrics` (Prometheus text) on a listener of
 * its own (listenMetrics), private by default.
 */
export function createHttpServer(options: HttpOptions): FastifyInstance {
  const settings = options.http ?? DEFAULT_HTTP_SETTINGS;
  const app = baseServer(options, settings);
  if (options.landingPage) {
    app.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        reply.removeHeader('content-security-policy');
      }
      return payload;
    });
  }

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
    const metricsApp = baseServer(options, settings);
    metricsApp.get('/metrics', async (_request, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics());
    });
    metricsApps.set(app, { app: metricsApp, settings });
    app.addHook('onClose', () => metricsApp.close());
  }
  return app;
}

/** A Fastify server with the shell's timeouts, sending SECURITY_HEADERS with every response. */
function baseServer(options: HttpOptions, settings: HttpSettings): FastifyInstance {
  const app = Fastify({
    // Fastify's own logging (a line per request) only from warnings up.
    loggerInstance: options.logger.child(
      {},
      { level: options.logger.levelVal > 40 ? options.logger.level : 'warn' },
    ) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1_000_000,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    connectionTimeout: settings.connectionTimeoutMs,
    // Node checks the header and request deadlines every 30 s by default: a deadline of
    // 10 s would hold out for 40. Checking each second costs a walk of the open connections.
    http: { headersTimeout: settings.headersTimeoutMs, connectionsCheckingInterval: 1_000 },
    forceCloseConnections: 'idle',
  });
  // Set first: a route's own Cache-Control (a cache hint) replaces the default.
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  return app;
}

/**
 * Starts the metrics listener of an app built with `metrics` (at the settings' metricsHost
 * and metricsPort) and returns its URL; undefined when the app has no metrics.
 */
export async function listenMetrics(app: FastifyInstance): Promise<string | undefined> {
  const metrics = metricsApps.get(app);
  if (!metrics) return undefined;
  return listen(metrics.app, metrics.settings.metricsHost, metrics.settings.metricsPort);
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
