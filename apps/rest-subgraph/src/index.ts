import {
  createLogger,
  createMetricsRegistry,
  handleShutdown,
  listen,
  listenMetrics,
  loadConfig,
} from '@commerce/service';
import { restConfigSchema } from './config';
import { buildRestSubgraph } from './server';

async function main() {
  const config = loadConfig(restConfigSchema, 'rest-subgraph');
  const logger = createLogger('rest-subgraph', config.LOG_LEVEL);
  const metrics = createMetricsRegistry('rest');
  const { app } = await buildRestSubgraph({ config, logger, metrics, variables: process.env });
  const url = await listen(app, config.HOST, config.PORT);
  const metricsUrl = await listenMetrics(app);
  logger.info({ url: `${url}/graphql`, metrics: `${metricsUrl}/metrics` }, 'rest subgraph ready');
  handleShutdown(logger, [{ name: 'http', close: () => app.close() }]);
}

main().catch((error) => {
  process.stderr.write(`rest-subgraph failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
