import type { Sql } from '@prisma/client-runtime-utils';

/**
 * Tagged SQL fragments for the statements the ORM cannot express or would make slow (the
 * hot paths: placeOrder, the worker's reservations, the saga's outcomes). A fragment holds
 * its values beside its text, so fragments compose (`sql` inside `sql`, `join` of many)
 * without anyone counting `$n` placeholders; every generated client accepts them in
 * `$queryRaw` / `$executeRaw`. These are Prisma's own (`Prisma.sql`, `Prisma.join`), from
 * the one runtime package every generated client shares, so a fragment built here is
 * recognised by the orders and the products clients alike.
 */
export { empty, join, raw, sql, Sql } from '@prisma/client-runtime-utils';

/**
 * The part of a Prisma client (or of the transaction client of `$transaction`) a store
 * needs to run fragments. Rows come back as `unknown`: check them (zod) rather than cast.
 */
export type SqlClient = {
  $queryRaw(query: Sql): PromiseLike<unknown>;
  $executeRaw(query: Sql): PromiseLike<number>;
};
