import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { loadConfig } from './config';
import { listen, listenMetrics } from './http';
import { createLogger, type Logger } from './logger';
import { handleShutdown, type Closer } from './shutdown';

/** What a service's index.ts builds: its HTTP app and what it runs and closes besides. */
export type RunningService = {
  app: FastifyInstance;
  /** Where clients call it, from its base URL (logged when ready); default the base URL. */
  endpoint?: (url: string) => string;
  /** More to say in the ready line (an OpenAPI document, a data file). */
  details?: (url: string) => Record<string, unknown>;
  /** Runs once the app listens: consumers, a saga, sweeps. */
  start?: () => Promise<void>;
  /** Closed in this order on SIGTERM/SIGINT (stop taking requests first, pools last). */
  shutdown: Closer[];
};

type ServiceConfig = { LOG_LEVEL: string; HOST: string; PORT: number };

/**
 * The one way a service process runs: its configuration parsed (a bad one ends the
 * process with every problem listed), its logger, the app listening on HOST:PORT and its
 * metrics on the private listener, then `start`, one ready line, and graceful shutdown.
 * A failure to start is printed and exits 1.
 */
export function runService<S extends z.ZodType<ServiceConfig>>(
  name: string,
  schema: S,
  build: (config: z.infer<S>, logger: Logger) => Promise<RunningService> | RunningService,
): void {
  const main = async () => {
    const config = loadConfig(schema, name);
    const logger = createLogger(name, config.LOG_LEVEL);
    const service = await build(config, logger);
    const url = await listen(service.app, config.HOST, config.PORT);
    const metrics = await listenMetrics(service.app);
    await service.start?.();
    logger.info(
      {
        url: service.endpoint?.(url) ?? url,
        ...(metrics ? { metrics: `${metrics}/metrics` } : {}),
        ...service.details?.(url),
      },
      `${name} ready`,
    );
    handleShutdown(logger, service.shutdown);
  };
  main().catch((error) => {
    process.stderr.write(`${name} failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
