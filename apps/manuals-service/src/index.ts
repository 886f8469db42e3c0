import {
  createLogger,
  createMetricsRegistry,
  handleShutdown,
  listen,
  listenMetrics,
  loadConfig,
} from '@commerce/service';
import { manualsConfigSchema } from './config';
import { buildManualsService } from './server';

async function main() {
  const config = loadConfig(manualsConfigSchema, 'manuals-service');
  const logger = createLogger('manuals-service', config.LOG_LEVEL);
  const metrics = createMetricsRegistry('manuals');
  const app = buildManualsService({ config, logger, metrics });
  const url = await listen(app, config.HOST, config.PORT);
  const metricsUrl = await listenMetrics(app);
  logger.info(
    {
      url,
      openapi: `${url}/openapi.json`,
      manuals: config.MANUALS_FILE,
      metrics: `${metricsUrl}/metrics`,
    },
    'manuals service ready',
  );
  handleShutdown(logger, [{ name: 'http', close: () => app.close() }]);
}

main().catch((error) => {
  process.stderr.write(`manuals-service failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
