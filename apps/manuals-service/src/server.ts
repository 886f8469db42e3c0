import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { parse as parseYaml } from 'yaml';
import {
  createHttpServer,
  createMetricsRegistry,
  httpSettings,
  type Logger,
} from '@commerce/service';
import type { ManualsConfig } from './config';
import { ManualsTable } from './manuals';

export const OPENAPI_PATH = join(__dirname, '..', 'openapi.yaml');
const PRODUCT_KEY = /^[A-Za-z0-9._:-]{1,100}$/;

export type ManualsDeps = { config: ManualsConfig; logger: Logger; metrics?: Registry };

/** Builds the manuals REST service (no listen: index.ts and tests do that). */
export function buildManualsService({ config, logger, metrics }: ManualsDeps): FastifyInstance {
  const manuals = new ManualsTable(config.MANUALS_FILE, logger);
  const document = parseYaml(readFileSync(OPENAPI_PATH, 'utf8')) as unknown;
  const app = createHttpServer({
    logger,
    metrics: metrics ?? createMetricsRegistry('manuals'),
    http: httpSettings(config),
    bodyLimit: 1_024,
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ code: 'NOT_FOUND', message: 'no such route' }),
  );
  app.register(async (api) => {
    api.setErrorHandler((error: FastifyError, _request, reply) => {
      logger.error({ err: error }, 'request failed');
      return reply
        .code(500)
        .send({ code: 'INTERNAL_SERVER_ERROR', message: 'internal server error' });
    });
    api.get('/openapi.json', async () => document);
    api.get<{ Params: { productKey: string } }>('/manuals/:productKey', async (request, reply) => {
      const { productKey } = request.params;
      if (!PRODUCT_KEY.test(productKey)) {
        return reply.code(400).send({
          code: 'INVALID_PRODUCT_KEY',
          message: 'productKey must be 1 to 100 letters, digits or ._:-',
        });
      }
      const manual = manuals.get(productKey);
      return manual ? manual : reply.code(204).send();
    });
  });
  return app;
}
