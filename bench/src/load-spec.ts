/** What the load process is asked to do (sent over IPC, so plain data only). */
export type HttpLoad = {
  kind: 'http';
  url: string;
  connections: number;
  /** Seconds; or `amount` requests; whichever the spec sets. */
  durationSeconds?: number;
  amount?: number;
  /** Requests per second over all connections (open-ish loop); none: as fast as answered. */
  overallRate?: number;
  headers: Record<string, string>;
  /** Request k sends bodies[k % n] ... */
  bodies: string[];
  /** ... with headerSets[k % m] on top of `headers` (e.g. one token per buyer). */
  headerSets?: Record<string, string>[];
  /** Read every response body and count GraphQL errors (costs the load process some CPU). */
  inspect?: boolean;
};

/** The naive ceiling: conditional UPDATEs of one row from a pg Pool. */
export type NaiveLoad = {
  kind: 'naive';
  databaseUrl: string;
  productId: string;
  concurrency: number;
  durationSeconds: number;
};

export type LoadSpec = HttpLoad | NaiveLoad;

export type LoadResult = {
  /** Responses (or statements) completed. */
  completed: number;
  durationSeconds: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  status: Record<string, number>;
  /** Connection errors and timeouts (HTTP) or failed statements (naive). */
  failures: number;
  non2xx: number;
  graphqlErrors: number;
  sampleError?: string;
  /** Naive: UPDATEs that changed the row. */
  succeeded?: number;
  startedAt: number;
  endedAt: number;
};
