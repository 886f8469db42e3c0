import { type DatabaseClientOptions, pgAdapter } from './client-options';
import { PrismaClient } from './generated/orders/client';

export {
  PrismaClient as OrdersPrismaClient,
  Prisma as OrdersPrisma,
} from './generated/orders/client';
export { CancelReason, OrderStatus } from './generated/orders/client';
export type {
  Order,
  OrderLine,
  IdempotencyKey,
  OutboxEvent,
  ProcessedEvent,
} from './generated/orders/client';
export type { DatabaseClientOptions } from './client-options';

/** A Prisma client for the orders database; call `$disconnect()` to close its pool. */
export function createOrdersClient(
  databaseUrl: string,
  opts?: DatabaseClientOptions,
): PrismaClient {
  return new PrismaClient({ adapter: pgAdapter(databaseUrl, opts) });
}
