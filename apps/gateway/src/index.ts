import { runService } from '@commerce/service';
import { gatewayConfigSchema } from './config';
import { buildGateway } from './server';

runService('gateway', gatewayConfigSchema, async (config, logger) => {
  const { app } = await buildGateway(config, logger);
  return {
    app,
    endpoint: (url) => `${url}/graphql`,
    shutdown: [{ name: 'http', close: () => app.close() }],
  };
});
