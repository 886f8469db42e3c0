import { bearer, type ServiceProcess } from '@commerce/testing';
import { runLoad } from './load';
import type { LoadResult } from './load-spec';
import { mapConcurrently, rawGraphql } from './graphql';
import { cpuMs, peakRssMiB } from './process-stats';
import { createProduct, Databases, placeOrder, registerBuyers } from './shop';
import { PORTS, TIMING, url } from './settings';
import { contenderResult, perRequest, rotation, type ContenderResult, type Summary } from './stats';
import type { System } from './system';

/** Orders (orders subgraph) with their user (users) and their products' names and prices (products). */
export const S1_QUERY = `query BenchOrders {
  orders(first: 20) {
    _id
    status
    total
    createdAt
    user { _id username }
    products { quantity unitPrice product { _id name price } }
  }
}`;

export type S1Contender = 'F' | 'G' | 'H';
const NAMES: Record<S1Contender, string> = {
  F: 'floor (query plan replayed, undici keep-alive)',
  G: 'this gateway (apps/gateway/dist)',
  H: 'Hive Gateway (@graphql-hive/gateway)',
};

export type S1ContenderResult = ContenderResult & { subgraphsCpuMsPerRequest: Summary };

export type S1Result = {
  query: string;
  buyers: number;
  orders: number;
  connections: number;
  roundSeconds: number;
  bodiesIdentical: boolean;
  contenders: Record<S1Contender, S1ContenderResult>;
  ratios: { gOverHRequests: number; gOverFRequests: number; gP99OverHP99: number };
  targets: { gOverH: boolean; gP99NotWorseThanH: boolean; gOverF: boolean };
};

export type S1Setup = { tokens: string[]; orders: number };

/**
 * Buyers with 20 confirmed orders each over five products. Request k reads the orders of
 * buyer k % n: identical concurrent requests would let a gateway that coalesces in-flight
 * subgraph requests (Hive Gateway does, by default) skip most of the subgraph work.
 */
export async function seedS1(db: Databases): Promise<S1Setup> {
  const buyers = await registerBuyers('s1-buyer', TIMING.s1.buyers);
  const products = await Promise.all(
    [0, 1, 2, 3, 4].map((i) => createProduct(`S1 product ${i}`, 1_000 + i * 250, 100_000)),
  );
  await mapConcurrently(buyers, 4, async (buyer) => {
    for (let i = 0; i < 20; i++) {
      const lines = products
        .filter((_, p) => (i + p) % 2 === 0 || p === i % 5)
        .map((id, p) => ({ _id: id, quantity: 1 + ((i + p) % 3) }));
      await placeOrder(buyer, lines);
    }
  });
  for (const product of products) {
    if ((await db.settle(product, 30_000)) > 0) throw new Error('S1 seed orders stayed PENDING');
  }
  return { tokens: buyers.map((b) => b.token), orders: 20 };
}

const endpoint = (contender: S1Contender) =>
  url(contender === 'F' ? PORTS.floor : contender === 'G' ? PORTS.gateway : PORTS.hive);

export async function runS1(
  system: System,
  setup: S1Setup,
  log: (line: string) => void,
): Promise<S1Result> {
  const headers = { 'content-type': 'application/json' };
  const headerSets = setup.tokens.map((token) => bearer(token));
  const body = JSON.stringify({ query: S1_QUERY });
  const process: Record<S1Contender, ServiceProcess> = {
    F: system.floor,
    G: system.gateway,
    H: system.hive,
  };

  // The three must answer the very same document, for every buyer, before anything is timed.
  let bodiesIdentical = true;
  for (const auth of headerSets) {
    const answers = await Promise.all(
      (['F', 'G', 'H'] as const).map((c) => rawGraphql(endpoint(c), body, auth)),
    );
    const canonical = answers.map((a) => JSON.stringify(JSON.parse(a.text)));
    const parsed = JSON.parse(answers[1]!.text) as { data?: { orders?: unknown[] } };
    const same = canonical.every((c) => c === canonical[0]);
    bodiesIdentical &&= same;
    if (
      !same ||
      answers.some((a) => a.status !== 200) ||
      parsed.data?.orders?.length !== setup.orders
    ) {
      throw new Error(
        `S1: contenders disagree:\n${answers.map((a, i) => `${'FGH'[i]} ${a.status} ${a.text.slice(0, 400)}`).join('\n')}`,
      );
    }
  }

  const { connections, roundSeconds, warmupSeconds } = TIMING.s1;
  const load = (contender: S1Contender, seconds: number) =>
    runLoad({
      kind: 'http',
      url: endpoint(contender),
      connections,
      durationSeconds: seconds,
      headers,
      bodies: [body],
      headerSets,
      inspect: true,
    });
  for (const contender of ['F', 'G', 'H'] as const) await load(contender, warmupSeconds);

  const rounds: Record<S1Contender, { load: LoadResult; cpuMs: number; subgraphsCpuMs: number }[]> =
    {
      F: [],
      G: [],
      H: [],
    };
  const subgraphs = [system.users, system.products, system.orders];
  const subgraphsCpu = () => subgraphs.reduce((sum, s) => sum + cpuMs(s), 0);
  for (let round = 0; round < TIMING.rounds; round++) {
    for (const contender of rotation(['F', 'G', 'H'] as const, round)) {
      const cpu0 = cpuMs(process[contender]);
      const sub0 = subgraphsCpu();
      const result = await load(contender, roundSeconds);
      rounds[contender].push({
        load: result,
        cpuMs: cpuMs(process[contender]) - cpu0,
        subgraphsCpuMs: subgraphsCpu() - sub0,
      });
      log(
        `  S1 round ${round + 1} ${contender}: ${result.perSecond.toFixed(0)} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`,
      );
    }
  }

  const summary = (contender: S1Contender): S1ContenderResult => {
    const list = rounds[contender];
    const peak = contender === 'F' ? undefined : peakRssMiB(process[contender]);
    return {
      ...contenderResult(NAMES[contender], list, TIMING.spreadLimit, peak),
      subgraphsCpuMsPerRequest: perRequest(list, (r) => r.subgraphsCpuMs, TIMING.spreadLimit),
    };
  };
  const contenders = { F: summary('F'), G: summary('G'), H: summary('H') };
  const rps = (c: S1Contender) => contenders[c].requestsPerSecond.median;
  const ratios = {
    gOverHRequests: rps('G') / rps('H'),
    gOverFRequests: rps('G') / rps('F'),
    gP99OverHP99: contenders.G.p99Ms.median / contenders.H.p99Ms.median,
  };
  return {
    query: S1_QUERY,
    buyers: setup.tokens.length,
    orders: setup.orders,
    connections,
    roundSeconds,
    bodiesIdentical,
    contenders,
    ratios,
    targets: {
      gOverH: ratios.gOverHRequests >= 1,
      gP99NotWorseThanH: ratios.gP99OverHP99 <= 1,
      gOverF: ratios.gOverFRequests >= 0.5,
    },
  };
}
