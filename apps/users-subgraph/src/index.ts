import { createUsersClient } from '@commerce/db/users';
import { createLogger, handleShutdown, listen, listenMetrics, loadConfig } from '@commerce/service';
import { usersConfigSchema } from './config';
import { buildUsersSubgraph } from './server';

async function main() {
  const config = loadConfig(usersConfigSchema, 'users-subgraph');
  const logger = createLogger('users-subgraph', config.LOG_LEVEL);
  const db = createUsersClient(config.USERS_DATABASE_URL);
  const { app } = await buildUsersSubgraph({ config, logger, db });
  const url = await listen(app, config.HOST, config.PORT);
  const metrics = await listenMetrics(app);
  logger.info({ url: `${url}/graphql`, metrics: `${metrics}/metrics` }, 'users subgraph ready');
  handleShutdown(logger, [
    { name: 'http', close: () => app.close() },
    { name: 'postgres', close: () => db.$disconnect() },
  ]);
}

main().catch((error) => {
  process.stderr.write(`users-subgraph failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
