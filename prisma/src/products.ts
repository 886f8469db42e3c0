import { type DatabaseClientOptions, pgAdapter } from './client-options';
import { PrismaClient, type Prisma } from './generated/products/client';

export {
  PrismaClient as ProductsPrismaClient,
  Prisma as ProductsPrisma,
} from './generated/products/client';
export { ReservationStatus } from './generated/products/client';
export type {
  Product,
  Reservation,
  ReservationLine,
  OutboxEvent,
  ProcessedEvent,
} from './generated/products/client';
export type { DatabaseClientOptions } from './client-options';

/** The client handed to `$transaction` callbacks. */
export type ProductsTransaction = Prisma.TransactionClient;

/** A Prisma client for the products database; call `$disconnect()` to close its pool. */
export function createProductsClient(
  databaseUrl: string,
  opts?: DatabaseClientOptions,
): PrismaClient {
  return new PrismaClient({ adapter: pgAdapter(databaseUrl, opts) });
}
