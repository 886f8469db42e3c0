import { createUsersClient } from '@commerce/db/users';
import { runService } from '@commerce/service';
import { usersConfigSchema } from './config';
import { buildUsersSubgraph } from './server';

runService('users-subgraph', usersConfigSchema, async (config, logger) => {
  const db = createUsersClient(config.USERS_DATABASE_URL);
  const { app } = await buildUsersSubgraph({ config, logger, db });
  return {
    app,
    endpoint: (url) => `${url}/graphql`,
    shutdown: [
      { name: 'http', close: () => app.close() },
      { name: 'postgres', close: () => db.$disconnect() },
    ],
  };
});
