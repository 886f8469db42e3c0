import { randomUUID } from 'node:crypto';
import { bearer, type ServiceProcess } from '@commerce/testing';
import { runLoad } from './load';
import type { LoadResult } from './load-spec';
import { createProduct, Databases, PLACE_ORDER, registerBuyers, type Buyer } from './shop';
import { DATABASES, PORTS, TIMING, url } from './settings';
import { quantile, rotation, summarize, type Summary } from './stats';

type Check = { name: string; passed: boolean; detail: string };

type SagaRound = {
  load: LoadResult;
  accepted: number;
  acceptedPerSecond: number;
  confirmed: number;
  rejected: number;
  pending: number;
  confirmedPerSecond: number;
  decidedPerSecond: number;
  /** From the first order (or, for a backlog, the first reservation) to the last decision. */
  decidedWindowMs: number;
  finalStatusP50Ms: number;
  finalStatusP99Ms: number;
};

export type S2Result = {
  buyers: number;
  attempts: number;
  hotStock: number;
  orderMix: string;
  saga: {
    acceptedPlaceOrderPerSecond: Summary;
    confirmedOrdersPerSecond: Summary;
    decidedOrdersPerSecond: Summary;
    placeOrderHttpP50Ms: Summary;
    placeOrderHttpP99Ms: Summary;
    finalStatusP50Ms: Summary;
    finalStatusP99Ms: Summary;
    confirmed: number[];
    rejected: number[];
  };
  /**
   * The saga's own rate, without the HTTP ingress in front of it: the orders of a round are
   * placed while the inventory worker is frozen (SIGSTOP: they wait in Kafka), then it
   * resumes (SIGCONT) and the backlog drains. Rates count from the worker's first
   * reservation transaction to the last order's final status in the orders database.
   */
  drain: {
    confirmedOrdersPerSecond: Summary;
    decidedOrdersPerSecond: Summary;
    drainSeconds: Summary;
    confirmed: number[];
    rejected: number[];
  };
  naive: {
    ceilingPerSecond: Summary;
    bestConcurrency: number[];
    byConcurrency: Record<string, Summary>;
    p99MsAtBest: Summary;
  };
  halfRate: {
    ratePerSecond: number;
    ordersPerRound: number;
    acceptedPlaceOrderPerSecond: Summary;
    placeOrderHttpP99Ms: Summary;
    finalStatusP50Ms: Summary;
    finalStatusP99Ms: Summary;
  };
  ratios: { confirmedOverNaive: number; drainConfirmedOverNaive: number };
  checks: { passed: boolean; items: Check[] };
  targets: {
    confirmedAtLeastNaive: boolean;
    drainConfirmedAtLeastNaive: boolean;
    halfRateP99Under500Ms: boolean;
    checksGreen: boolean;
  };
};

const ORDER_MIX =
  "every order takes 1 unit of the round's hot product (stock 1,000); 6 of 7 also take 1-2 units of one of 3 other products (stock 1,000,000)";

export function orderBodies(hot: string, others: string[]): string[] {
  const body = (lines: { _id: string; quantity: number }[]) =>
    JSON.stringify({ query: PLACE_ORDER, variables: { products: lines } });
  const bodies = [body([{ _id: hot, quantity: 1 }])];
  for (const other of others) {
    for (const quantity of [1, 2])
      bodies.push(
        body([
          { _id: hot, quantity: 1 },
          { _id: other, quantity },
        ]),
      );
  }
  return bodies;
}

/** The 200 buyers, registered before anything is timed (argon2id is not what S2 measures). */
export async function registerS2Buyers(log: (line: string) => void): Promise<Buyer[]> {
  const t0 = Date.now();
  const buyers = await registerBuyers('s2-buyer', TIMING.s2.buyers);
  log(
    `  registered ${buyers.length} buyers in ${((Date.now() - t0) / 1000).toFixed(1)} s (not timed)`,
  );
  return buyers;
}

export async function runS2(
  db: Databases,
  buyers: Buyer[],
  worker: ServiceProcess,
  log: (line: string) => void,
): Promise<S2Result> {
  const settings = TIMING.s2;
  const others = await Promise.all(
    Array.from({ length: settings.otherProducts }, (_, i) =>
      createProduct(`S2 other ${i}`, 500 + i * 100, settings.otherStock),
    ),
  );
  const naiveProduct = await insertNaiveProduct(db);
  const checks: Check[] = [];

  const saga = async (
    label: string,
    attempts: number,
    { overallRate, backlog = false }: { overallRate?: number; backlog?: boolean } = {},
  ): Promise<SagaRound> => {
    const hot = await createProduct(`S2 hot ${label}`, 1_999, settings.hotStock);
    if (backlog) worker.pause();
    const watched = [hot, ...others];
    let lowest = Infinity;
    const sampler = setInterval(() => {
      void db.products
        .query<{ low: number }>('SELECT min(quantity) AS low FROM products WHERE id = ANY($1)', [
          watched,
        ])
        .then(({ rows }) => (lowest = Math.min(lowest, rows[0]?.low ?? Infinity)))
        .catch(() => undefined);
    }, 100);
    let load: LoadResult;
    try {
      load = await runLoad({
        kind: 'http',
        url: url(PORTS.gateway),
        connections: settings.buyers,
        amount: attempts,
        ...(overallRate ? { overallRate } : {}),
        headers: { 'content-type': 'application/json' },
        bodies: orderBodies(hot, others),
        headerSets: buyers.map((b: Buyer) => bearer(b.token)),
        inspect: true,
      });
      // Every order's OrderPlaced in Kafka before the worker comes back: a backlog to drain.
      if (backlog) await db.outboxDrained(settings.settleTimeoutMs);
    } finally {
      if (backlog) worker.resume(); // Never leave it frozen for the scenarios after.
    }
    const pending = await db.settle(hot, settings.settleTimeoutMs);
    clearInterval(sampler);
    const round = await outcome(db, hot, load, pending, backlog);
    const finalHot = await db.stock(hot);
    const sold = await confirmedQuantity(db, hot);
    const serverErrors = Object.entries(load.status)
      .filter(([code]) => Number(code) >= 500)
      .reduce((n, [, count]) => n + count, 0);
    checks.push(
      {
        name: `${label}: confirmed quantity + final stock = initial stock (hot product)`,
        passed: sold + finalHot === settings.hotStock,
        detail: `${sold} + ${finalHot} vs ${settings.hotStock}`,
      },
      {
        name: `${label}: stock never negative`,
        passed: lowest >= 0 && finalHot >= 0,
        detail: `lowest sampled ${lowest}, final ${finalHot}`,
      },
      {
        name: `${label}: no order left PENDING`,
        passed: pending === 0,
        detail: `${pending} pending after the wait`,
      },
      {
        name: `${label}: no 5xx, no failed request`,
        passed: serverErrors === 0 && load.failures === 0,
        detail: `${serverErrors} 5xx, ${load.failures} errors/timeouts`,
      },
      {
        name: `${label}: every placeOrder accepted`,
        passed: load.graphqlErrors === 0 && round.accepted === attempts,
        detail: `${round.accepted}/${attempts} accepted${load.sampleError ? `; e.g. ${load.sampleError}` : ''}`,
      },
    );
    log(
      backlog
        ? `  S2 ${label}: backlog of ${round.accepted} drained in ${(round.decidedWindowMs / 1000).toFixed(2)} s: ${round.confirmed} confirmed (${round.confirmedPerSecond.toFixed(0)}/s), ${round.rejected} rejected, ${round.decidedPerSecond.toFixed(0)} decided/s`
        : `  S2 ${label}: ${round.acceptedPerSecond.toFixed(0)} placeOrder/s accepted, ${round.confirmed} confirmed (${round.confirmedPerSecond.toFixed(0)}/s), ${round.rejected} rejected, final status p50 ${round.finalStatusP50Ms} ms p99 ${round.finalStatusP99Ms} ms`,
    );
    return round;
  };

  const naive = async (label: string) => {
    const byConcurrency: Record<number, LoadResult> = {};
    for (const concurrency of settings.naiveConcurrency) {
      byConcurrency[concurrency] = await runLoad({
        kind: 'naive',
        databaseUrl: DATABASES.products,
        productId: naiveProduct,
        concurrency,
        durationSeconds: settings.naiveProbeSeconds,
      });
    }
    const best = settings.naiveConcurrency.reduce((a, b) =>
      byConcurrency[b]!.perSecond > byConcurrency[a]!.perSecond ? b : a,
    );
    log(
      `  S2 ${label}: ${settings.naiveConcurrency.map((c) => `${c}: ${byConcurrency[c]!.perSecond.toFixed(0)}/s`).join(', ')}`,
    );
    return { byConcurrency, best };
  };

  log(`  warm-up: ${settings.warmupAttempts} placeOrder`);
  await saga('warm-up', settings.warmupAttempts);
  checks.length = 0;

  const sagaRounds: SagaRound[] = [];
  const drainRounds: SagaRound[] = [];
  const naiveRounds: Awaited<ReturnType<typeof naive>>[] = [];
  for (let round = 0; round < TIMING.rounds; round++) {
    for (const contender of rotation(['saga', 'drain', 'naive'] as const, round)) {
      if (contender === 'saga')
        sagaRounds.push(await saga(`round ${round + 1} saga`, settings.attempts));
      else if (contender === 'drain')
        drainRounds.push(
          await saga(`round ${round + 1} saga backlog`, settings.attempts, { backlog: true }),
        );
      else naiveRounds.push(await naive(`round ${round + 1} naive hot row`));
    }
  }
  for (const [i, other] of others.entries()) {
    const sold = await confirmedQuantity(db, other);
    const left = await db.stock(other);
    checks.push({
      name: `other product ${i + 1}: confirmed quantity + final stock = initial stock`,
      passed: sold + left === settings.otherStock,
      detail: `${sold} + ${left} vs ${settings.otherStock}`,
    });
  }

  const s = (values: number[]) => summarize(values, TIMING.spreadLimit);
  const acceptedPerSecond = s(sagaRounds.map((r) => r.acceptedPerSecond));
  const ratePerSecond = Math.max(1, Math.round(acceptedPerSecond.median / 2));
  const ordersPerRound = Math.round(ratePerSecond * settings.halfRateSeconds);
  log(`  half of the maximum: ${ratePerSecond} placeOrder/s, ${ordersPerRound} per round`);
  const halfRounds: SagaRound[] = [];
  for (let round = 0; round < TIMING.rounds; round++) {
    halfRounds.push(
      await saga(`half rate round ${round + 1}`, ordersPerRound, { overallRate: ratePerSecond }),
    );
  }

  const ceiling = s(naiveRounds.map((r) => r.byConcurrency[r.best]!.perSecond));
  const confirmed = s(sagaRounds.map((r) => r.confirmedPerSecond));
  const drainConfirmed = s(drainRounds.map((r) => r.confirmedPerSecond));
  const halfP99 = s(halfRounds.map((r) => r.finalStatusP99Ms));
  const passed = checks.every((c) => c.passed);
  return {
    buyers: settings.buyers,
    attempts: settings.attempts,
    hotStock: settings.hotStock,
    orderMix: ORDER_MIX,
    saga: {
      acceptedPlaceOrderPerSecond: acceptedPerSecond,
      confirmedOrdersPerSecond: confirmed,
      decidedOrdersPerSecond: s(sagaRounds.map((r) => r.decidedPerSecond)),
      placeOrderHttpP50Ms: s(sagaRounds.map((r) => r.load.latencyMs.p50)),
      placeOrderHttpP99Ms: s(sagaRounds.map((r) => r.load.latencyMs.p99)),
      finalStatusP50Ms: s(sagaRounds.map((r) => r.finalStatusP50Ms)),
      finalStatusP99Ms: s(sagaRounds.map((r) => r.finalStatusP99Ms)),
      confirmed: sagaRounds.map((r) => r.confirmed),
      rejected: sagaRounds.map((r) => r.rejected),
    },
    drain: {
      confirmedOrdersPerSecond: drainConfirmed,
      decidedOrdersPerSecond: s(drainRounds.map((r) => r.decidedPerSecond)),
      drainSeconds: s(drainRounds.map((r) => r.decidedWindowMs / 1000)),
      confirmed: drainRounds.map((r) => r.confirmed),
      rejected: drainRounds.map((r) => r.rejected),
    },
    naive: {
      ceilingPerSecond: ceiling,
      bestConcurrency: naiveRounds.map((r) => r.best),
      byConcurrency: Object.fromEntries(
        settings.naiveConcurrency.map((c) => [
          String(c),
          s(naiveRounds.map((r) => r.byConcurrency[c]!.perSecond)),
        ]),
      ),
      p99MsAtBest: s(naiveRounds.map((r) => r.byConcurrency[r.best]!.latencyMs.p99)),
    },
    halfRate: {
      ratePerSecond,
      ordersPerRound,
      acceptedPlaceOrderPerSecond: s(halfRounds.map((r) => r.acceptedPerSecond)),
      placeOrderHttpP99Ms: s(halfRounds.map((r) => r.load.latencyMs.p99)),
      finalStatusP50Ms: s(halfRounds.map((r) => r.finalStatusP50Ms)),
      finalStatusP99Ms: halfP99,
    },
    ratios: {
      confirmedOverNaive: confirmed.median / ceiling.median,
      drainConfirmedOverNaive: drainConfirmed.median / ceiling.median,
    },
    checks: { passed, items: checks },
    targets: {
      confirmedAtLeastNaive: confirmed.median >= ceiling.median,
      drainConfirmedAtLeastNaive: drainConfirmed.median >= ceiling.median,
      halfRateP99Under500Ms: halfP99.median < 500,
      checksGreen: passed,
    },
  };
}

/** The naive approach's row: the real products table, stock enough for any run. */
async function insertNaiveProduct(db: Databases): Promise<string> {
  const id = randomUUID();
  await db.products.query(
    `INSERT INTO products (id, name, price_cents, quantity, created_at, updated_at)
     VALUES ($1, 'S2 naive hot row', 1999, 1000000000, now(), now())`,
    [id],
  );
  return id;
}

async function confirmedQuantity(db: Databases, productId: string): Promise<number> {
  const { rows } = await db.orders.query<{ sold: string | null }>(
    `SELECT sum(l.quantity) AS sold FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE l.product_id = $1 AND o.status = 'CONFIRMED'`,
    [productId],
  );
  return Number(rows[0]?.sold ?? 0);
}

/**
 * From the orders database: how the orders of one round ended and when. placeOrder ->
 * final status is orders.created_at -> orders.updated_at (set when the outcome lands).
 * Rates count from the round's first order, or for a backlog from the worker's first
 * reservation transaction (reservations.created_at is its start time) for those orders.
 */
async function outcome(
  db: Databases,
  hot: string,
  load: LoadResult,
  pending: number,
  backlog: boolean,
): Promise<SagaRound> {
  const { rows } = await db.orders.query<{ status: string; created: string; updated: string }>(
    `SELECT o.status, (extract(epoch FROM o.created_at) * 1000)::float8 AS created,
            (extract(epoch FROM o.updated_at) * 1000)::float8 AS updated
       FROM orders o
      WHERE EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.product_id = $1)`,
    [hot],
  );
  const orders = rows.map((r) => ({
    status: r.status,
    created: Number(r.created),
    updated: Number(r.updated),
  }));
  const decided = orders.filter((o) => o.status === 'CONFIRMED' || o.status === 'REJECTED');
  const confirmedOrders = decided.filter((o) => o.status === 'CONFIRMED');
  const first = backlog
    ? await db.firstReservationAt(hot)
    : Math.min(...orders.map((o) => o.created));
  const lastOf = (list: typeof orders) => Math.max(...list.map((o) => o.updated));
  const latencies = decided.map((o) => o.updated - o.created).sort((a, b) => a - b);
  const accepted = (load.status['200'] ?? 0) - load.graphqlErrors;
  return {
    load,
    accepted,
    acceptedPerSecond: accepted / load.durationSeconds,
    confirmed: confirmedOrders.length,
    rejected: decided.length - confirmedOrders.length,
    pending,
    confirmedPerSecond: confirmedOrders.length
      ? (confirmedOrders.length * 1000) / Math.max(1, lastOf(confirmedOrders) - first)
      : 0,
    decidedPerSecond: decided.length
      ? (decided.length * 1000) / Math.max(1, lastOf(decided) - first)
      : 0,
    decidedWindowMs: decided.length ? lastOf(decided) - first : 0,
    finalStatusP50Ms: quantile(latencies, 0.5),
    finalStatusP99Ms: quantile(latencies, 0.99),
  };
}
