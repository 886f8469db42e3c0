/**
 * Prisma's codes for a database that is there but too busy to serve in time: no pooled
 * connection came free (P2024), or no transaction could start (P2028). Load, not a bug:
 * a subgraph answers SERVICE_UNAVAILABLE and a consumer waits and retries.
 */
export const PRISMA_OVERLOAD_CODES: readonly string[] = ['P2024', 'P2028'];
