import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { parse as parseYaml } from 'yaml';
import type { ReviewsPrismaClient } from '@commerce/db/reviews';
import { InvalidTokenError, bearerToken, tokenServiceOf } from '@commerce/auth';
import {
  createHttpServer,
  createMetricsRegistry,
  headerValue,
  httpSettings,
  postgresReadiness,
  type Logger,
} from '@commerce/service';
import type { ReviewsConfig } from './config';
import { REST_ERRORS, RestError } from './rest-errors';
import { pagingOf, productKeyOf, reviewDraftOf, reviewIdOf } from './review-rules';
import { ReviewStore } from './review-store';

export const OPENAPI_PATH = join(__dirname, '..', 'openapi.yaml');

export type ReviewsDeps = {
  config: ReviewsConfig;
  logger: Logger;
  db: ReviewsPrismaClient;
  metrics?: Registry;
};

/** Builds the reviews REST service (no listen: index.ts and tests do that). */
export function buildReviewsService({ config, logger, db, metrics }: ReviewsDeps): FastifyInstance {
  const tokens = tokenServiceOf(config);
  const store = new ReviewStore(db);
  // Parsed once at start: a broken document stops the service before it serves anything.
  const document = parseYaml(readFileSync(OPENAPI_PATH, 'utf8')) as unknown;
  const app = createHttpServer({
    logger,
    readiness: [postgresReadiness(db)],
    metrics: metrics ?? createMetricsRegistry('reviews'),
    http: httpSettings(config),
    bodyLimit: 16_384,
  });
  app.setNotFoundHandler((_request, reply) =>
    sendError(reply, new RestError('NOT_FOUND', 'no such route')),
  );

  async function authorOf(authorization: string | undefined): Promise<string> {
    const token = bearerToken(authorization);
    if (token === undefined) {
      throw new RestError(
        'UNAUTHENTICATED',
        'writing a review needs "Authorization: Bearer <token>"',
      );
    }
    try {
      return (await tokens.verify(token)).userId;
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new RestError('UNAUTHENTICATED', 'the token is not valid');
      throw error;
    }
  }

  // The API's routes in a scope of their own, whose errors answer `{ code, message }`
  // (the shell's handler answers in GraphQL's shape, for /health and /ready).
  app.register(async (api) => {
    api.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error instanceof RestError) return sendError(reply, error);
      const status = error.statusCode ?? 500;
      if (status >= 500) {
        logger.error({ err: error }, 'request failed');
        return sendError(reply, new RestError('INTERNAL_SERVER_ERROR', 'internal server error'));
      }
      // Fastify's own refusals (unparsable JSON, wrong content type, body too large): its status.
      return reply.code(status).send({ code: 'BAD_REQUEST', message: error.message });
    });

    api.get('/openapi.json', async () => document);

    api.get<{ Params: { productKey: string }; Querystring: { offset?: string; amount?: string } }>(
      '/products/:productKey/reviews',
      async (request) => {
        const productKey = productKeyOf(request.params.productKey);
        const paging = pagingOf(request.query);
        const { ids, total } = await store.page(productKey, paging);
        return {
          elements: ids.map((id) => ({ type: 'Link', url: `/reviews/${id}` })),
          total,
          offset: paging.offset,
          amount: ids.length,
        };
      },
    );

    api.post<{ Params: { productKey: string } }>(
      '/products/:productKey/reviews',
      async (request, reply) => {
        const productKey = productKeyOf(request.params.productKey);
        const authorId = await authorOf(headerValue(request.headers.authorization));
        const draft = reviewDraftOf(request.body);
        const review = await store.create(productKey, authorId, draft);
        return reply.code(201).header('location', `/reviews/${review.id}`).send(review);
      },
    );

    api.get<{ Params: { id: string } }>('/reviews/:id', async (request) => {
      const review = await store.get(reviewIdOf(request.params.id));
      if (!review) throw new RestError('NOT_FOUND', 'no such review');
      return review;
    });
  });
  return app;
}

function sendError(reply: FastifyReply, error: RestError): FastifyReply {
  if (error.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer');
  return reply
    .code(REST_ERRORS[error.code].status)
    .send({ code: error.code, message: error.message });
}
