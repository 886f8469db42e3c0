import { type DatabaseClientOptions, pgAdapter } from './client-options';
import { PrismaClient } from './generated/reviews/client';

export {
  PrismaClient as ReviewsPrismaClient,
  Prisma as ReviewsPrisma,
} from './generated/reviews/client';
export type { Review } from './generated/reviews/client';
export type { DatabaseClientOptions } from './client-options';

/** A Prisma client for the reviews database; call `$disconnect()` to close its pool. */
export function createReviewsClient(
  databaseUrl: string,
  opts?: DatabaseClientOptions,
): PrismaClient {
  return new PrismaClient({ adapter: pgAdapter(databaseUrl, opts) });
}
