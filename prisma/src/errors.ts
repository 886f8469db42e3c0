/**
 * Prisma's error codes that say something about the database rather than the query, in one
 * place for every service: subgraphs answer them SERVICE_UNAVAILABLE, consumers wait and
 * retry them instead of dead-lettering (packages/events/src/errors.ts).
 */

/**
 * The database is there but too busy to serve in time: no pooled connection came free
 * (P2024), or no transaction could start (P2028). Load, not a bug.
 */
export const PRISMA_OVERLOAD_CODES: readonly string[] = ['P2024', 'P2028'];

/** The database cannot be reached (P1001), timed out (P1002) or closed the connection (P1017). */
export const PRISMA_UNREACHABLE_CODES: readonly string[] = ['P1001', 'P1002', 'P1017'];
