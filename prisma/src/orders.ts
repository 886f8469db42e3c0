import { type DatabaseClientOptions, pgAdapter } from './client-options';
import { PrismaClient, type Prisma } from './generated/orders/client';

export {
  PrismaClient as OrdersPrismaClient,
  Prisma as OrdersPrisma,
} from './generated/orders/client';
export { OrderStatus } from './generated/orders/client';
export type {
  Order,
  OrderLine,
  IdempotencyKey,
  OutboxEvent,
  ProcessedEvent,
} from './generated/orders/client';
export type { DatabaseClientOptions } from './client-options';

/** The client handed to `$transaction` callbacks. */
export type OrdersTransaction = Prisma.TransactionClient;

/** A Prisma client for the orders database; call `$disconnect()` to close its pool. */
export function createOrdersClient(
  databaseUrl: string,
  opts?: DatabaseClientOptions,
): PrismaClient {
  return new PrismaClient({ adapter: pgAdapter(databaseUrl, opts) });
}
