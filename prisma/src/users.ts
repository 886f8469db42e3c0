import { type DatabaseClientOptions, pgAdapter } from './client-options';
import { PrismaClient } from './generated/users/client';

export { PrismaClient as UsersPrismaClient, Prisma as UsersPrisma } from './generated/users/client';
export type { User } from './generated/users/client';
export type { DatabaseClientOptions } from './client-options';

/** A Prisma client for the users database; call `$disconnect()` to close its pool. */
export function createUsersClient(databaseUrl: string, opts?: DatabaseClientOptions): PrismaClient {
  return new PrismaClient({ adapter: pgAdapter(databaseUrl, opts) });
}
