import { createMetricsRegistry, runService } from '@commerce/service';
import { restConfigSchema } from './config';
import { buildRestSubgraph } from './server';

runService('rest-subgraph', restConfigSchema, async (config, logger) => {
  // The sources file names the variables that hold each REST service's base URL.
  const { app } = await buildRestSubgraph({
    config,
    logger,
    metrics: createMetricsRegistry('rest'),
    variables: process.env,
  });
  return {
    app,
    endpoint: (url) => `${url}/graphql`,
    shutdown: [{ name: 'http', close: () => app.close() }],
  };
});
