import { createLogger, handleShutdown, listen, listenMetrics, loadConfig } from '@commerce/service';
import { gatewayConfigSchema } from './config';
import { buildGateway } from './server';

async function main() {
  const config = loadConfig(gatewayConfigSchema, 'gateway');
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const { app } = await buildGateway(config, logger);
  const url = await listen(app, config.HOST, config.PORT);
  const metrics = await listenMetrics(app);
  logger.info({ url: `${url}/graphql`, metrics: `${metrics}/metrics` }, 'gateway ready');
  handleShutdown(logger, [{ name: 'http', close: () => app.close() }]);
}

main().catch((error) => {
  process.stderr.write(`gateway failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
