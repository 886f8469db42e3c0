// The load generator, in a process of its own (forked by load.ts per measurement) so it
// never shares an event loop with anything measured.
import autocannon from 'autocannon';
import { Pool } from 'pg';
import type { HttpLoad, LoadResult, LoadSpec, NaiveLoad } from './load-spec';

process.once('message', (spec: LoadSpec) => {
  const run = spec.kind === 'http' ? http(spec) : naive(spec);
  run.then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (error: Error) =>
      process.send?.({ error: error.stack ?? String(error) }, () => process.exit(1)),
  );
});

async function http(spec: HttpLoad): Promise<LoadResult> {
  let next = 0;
  let graphqlErrors = 0;
  let sampleError: string | undefined;
  const dynamic = spec.bodies.length > 1 || (spec.headerSets?.length ?? 0) > 0;
  const request: autocannon.Request = {
    method: 'POST',
    headers: spec.headers,
    body: spec.bodies[0],
  };
  if (dynamic) {
    request.setupRequest = (req) => {
      const k = next++;
      const extra = spec.headerSets?.[k % spec.headerSets.length];
      return {
        ...req,
        body: spec.bodies[k % spec.bodies.length],
        headers: extra ? { ...spec.headers, ...extra } : spec.headers,
      };
    };
  }
  // An `amount` run ends on autocannon's next 1 s tick: time it to its last response instead.
  let lastResponseAt: number | undefined;
  if (spec.inspect) {
    request.onResponse = (_status, body) => {
      lastResponseAt = Date.now();
      if (body.includes('"errors"')) {
        graphqlErrors++;
        sampleError ??= body.slice(0, 500);
      }
    };
  }
  const startedAt = Date.now();
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount !== undefined
      ? { amount: spec.amount }
      : { duration: spec.durationSeconds ?? 5 }),
    ...(spec.overallRate !== undefined ? { overallRate: spec.overallRate } : {}),
    timeout: 30,
    requests: [request],
  });
  const endedAt = spec.amount !== undefined && lastResponseAt ? lastResponseAt : Date.now();
  const status: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    status[code] = (stats as { count: number }).count;
  }
  const completed = Object.values(status).reduce((a, b) => a + b, 0);
  const seconds = (endedAt - startedAt) / 1000;
  const latency = result.latency as unknown as Record<string, number>;
  return {
    completed,
    durationSeconds: seconds,
    perSecond: completed / seconds,
    latencyMs: {
      p50: latency['p50'] ?? NaN,
      p90: latency['p90'] ?? NaN,
      p99: latency['p99'] ?? NaN,
      max: latency['max'] ?? NaN,
      mean: latency['mean'] ?? NaN,
    },
    status,
    failures: result.errors + result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors,
    ...(sampleError ? { sampleError } : {}),
    startedAt,
    endedAt,
  };
}

/** One conditional UPDATE per order on one hot row, `concurrency` at a time, for a while. */
async function naive(spec: NaiveLoad): Promise<LoadResult> {
  const pool = new Pool({ connectionString: spec.databaseUrl, max: spec.concurrency });
  const sql = 'UPDATE products SET quantity = quantity - $2 WHERE id = $1 AND quantity >= $2';
  // Connect every client before the clock starts.
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => (await pool.connect()).release()),
  ).catch(() => undefined);
  const latencies: number[] = [];
  let succeeded = 0;
  let failures = 0;
  const startedAt = Date.now();
  const stopAt = startedAt + spec.durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (Date.now() < stopAt) {
        const t0 = process.hrtime.bigint();
        try {
          const { rowCount } = await pool.query(sql, [spec.productId, 1]);
          if (rowCount === 1) succeeded++;
        } catch {
          failures++;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const endedAt = Date.now();
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const seconds = (endedAt - startedAt) / 1000;
  return {
    completed: latencies.length,
    durationSeconds: seconds,
    perSecond: succeeded / seconds,
    latencyMs: {
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: latencies[latencies.length - 1] ?? NaN,
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    },
    status: {},
    failures,
    non2xx: 0,
    graphqlErrors: 0,
    succeeded,
    startedAt,
    endedAt,
  };
}
