import { join } from 'node:path';
import type { UsersPrismaClient } from '@commerce/db/users';
import { RequestAuth, tokenServiceOf } from '@commerce/auth';
import {
  createSubgraph,
  httpSettings,
  postgresReadiness,
  type Logger,
  type Subgraph,
} from '@commerce/service';
import type { UsersConfig } from './config';
import { createContext, type Context } from './context';
import { resolvers } from './resolvers';
import { UsersService } from './users';

export const SCHEMA_PATH = join(__dirname, '..', 'schema.graphql');

export type UsersDeps = { config: UsersConfig; logger: Logger; db: UsersPrismaClient };

/** Builds the users subgraph (no listen: index.ts and tests do that). */
export async function buildUsersSubgraph({ config, logger, db }: UsersDeps): Promise<Subgraph> {
  const tokens = tokenServiceOf(config);
  const users = new UsersService(db, tokens);
  return createSubgraph<Context>({
    name: 'users',
    schemaPath: SCHEMA_PATH,
    resolvers,
    logger,
    production: config.NODE_ENV === 'production',
    readiness: [postgresReadiness(db)],
    http: httpSettings(config),
    context: async (request) =>
      createContext(users, new RequestAuth({ authorization: request.headers.authorization }, tokens)),
  });
}
