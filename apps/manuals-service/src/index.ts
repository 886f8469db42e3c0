import { createMetricsRegistry, runService } from '@commerce/service';
import { manualsConfigSchema } from './config';
import { buildManualsService } from './server';

runService('manuals-service', manualsConfigSchema, (config, logger) => {
  const app = buildManualsService({ config, logger, metrics: createMetricsRegistry('manuals') });
  return {
    app,
    details: (url) => ({ openapi: `${url}/openapi.json`, manuals: config.MANUALS_FILE }),
    shutdown: [{ name: 'http', close: () => app.close() }],
  };
});
