import { writeFileSync } from 'node:fs';
import { bearer, type ServiceProcess } from '@commerce/testing';
import { mapConcurrently, rawGraphql } from './graphql';
import { runLoad } from './load';
import type { LoadResult } from './load-spec';
import { cpuMs, peakRssMiB } from './process-stats';
import { PORTS, TIMING, url } from './settings';
import { createProduct, registerBuyers } from './shop';
import { contenderResult, perRequest, rotation, type ContenderResult, type Summary } from './stats';
import { MANUALS_FILE, type System } from './system';

/**
 * Issue 12's item-4 query: products-subgraph, then the rest-subgraph (reviews-service's link
 * list and the linked reviews, manuals-service) and users-subgraph for the authors.
 */
export const S4_QUERY = `query BenchProductPage($id: ID!) {
  product(id: $id) { name price reviews(first: 2) { rating text author { username } } manuals { url } }
}`;

export type S4Contender = 'F' | 'G' | 'H';
const NAMES: Record<S4Contender, string> = {
  F: 'floor (the REST and subgraph calls by hand, undici keep-alive)',
  G: 'this gateway (apps/gateway/dist, rest-subgraph)',
  H: 'Hive Gateway over GraphQL Mesh (@omnigraph/openapi)',
};

export type S4ContenderResult = ContenderResult & {
  /** Subgraphs, rest-subgraph and REST services together. */
  backendsCpuMsPerRequest: Summary;
};

export type S4Result = {
  query: string;
  products: number;
  reviewsPerProduct: number;
  connections: number;
  roundSeconds: number;
  bodiesIdentical: boolean;
  contenders: Partial<Record<S4Contender, S4ContenderResult>> &
    Record<'F' | 'G', S4ContenderResult>;
  ratios: { gOverFRequests: number; gOverHRequests?: number };
  targets: { gOverF: boolean; gOverH?: boolean };
};

export type S4Setup = { products: string[] };

/**
 * Products with three reviews each (by three users, through the gateway's createReview, as a
 * shopper writes them) and a manual for every other one (the rest answer 204: null).
 * Request k reads product k % n, so concurrent requests are not identical (Hive Gateway
 * coalesces identical in-flight subgraph requests).
 */
export async function seedS4(): Promise<S4Setup> {
  const { products: count, reviewsPerProduct } = TIMING.s4;
  const writers = await registerBuyers('s4-reviewer', reviewsPerProduct);
  const products = await mapConcurrently(
    Array.from({ length: count }, (_, i) => i),
    4,
    (i) => createProduct(`S4 product ${i}`, 990 + i * 100, 1_000),
  );
  const manuals = Object.fromEntries(
    products
      .filter((_, i) => i % 2 === 0)
      .map((id) => [id, { url: `https://manuals.example/${id}.pdf`, language: 'en' }]),
  );
  writeFileSync(MANUALS_FILE, JSON.stringify({ manuals }));
  await mapConcurrently(products, 4, async (productKey, p) => {
    for (const [w, writer] of writers.entries()) {
      const answer = await rawGraphql(
        url(PORTS.gateway),
        JSON.stringify({
          query: `mutation ($productKey: String!, $input: ReviewDraftInput!) {
            createReview(productKey: $productKey, input: $input) { id }
          }`,
          variables: {
            productKey,
            input: { rating: 1 + ((p + w) % 5), text: `S4 review ${w} of product ${p}` },
          },
        }),
        bearer(writer.token),
      );
      if (answer.status !== 200 || answer.text.includes('"errors"'))
        throw new Error(`S4 seed: createReview failed: ${answer.text.slice(0, 400)}`);
    }
  });
  return { products };
}

const PORT: Record<S4Contender, number> = { F: PORTS.restFloor, G: PORTS.gateway, H: PORTS.mesh };

export async function runS4(
  system: System,
  setup: S4Setup,
  log: (line: string) => void,
): Promise<S4Result> {
  const contendersRun: S4Contender[] = ['F', 'G', 'H'];
  const process: Record<S4Contender, ServiceProcess> = {
    F: system.restFloor,
    G: system.gateway,
    H: system.mesh,
  };
  const bodies = setup.products.map((id) => JSON.stringify({ query: S4_QUERY, variables: { id } }));

  // Every contender must answer the very same document, for every product, before timing.
  for (const body of bodies) {
    const answers = await Promise.all(contendersRun.map((c) => rawGraphql(url(PORT[c]), body, {})));
    const canonical = answers.map((a) => JSON.stringify(JSON.parse(a.text)));
    const parsed = JSON.parse(answers[1]!.text) as {
      data?: { product?: { reviews?: unknown[] } };
    };
    if (
      canonical.some((c) => c !== canonical[0]) ||
      answers.some((a) => a.status !== 200) ||
      parsed.data?.product?.reviews?.length !== 2
    ) {
      throw new Error(
        `S4: contenders disagree:\n${answers.map((a, i) => `${contendersRun[i]} ${a.status} ${a.text.slice(0, 400)}`).join('\n')}`,
      );
    }
  }

  const { connections, roundSeconds, warmupSeconds } = TIMING.s4;
  const load = (contender: S4Contender, seconds: number) =>
    runLoad({
      kind: 'http',
      url: url(PORT[contender]),
      connections,
      durationSeconds: seconds,
      headers: { 'content-type': 'application/json' },
      bodies,
      inspect: true,
    });
  for (const contender of contendersRun) await load(contender, warmupSeconds);

  type Round = { load: LoadResult; cpuMs: number; backendsCpuMs: number };
  const rounds: Record<S4Contender, Round[]> = { F: [], G: [], H: [] };
  const backends = [system.users, system.products, system.rest, system.reviews, system.manuals];
  const backendsCpu = () => backends.reduce((sum, s) => sum + cpuMs(s), 0);
  for (let round = 0; round < TIMING.rounds; round++) {
    for (const contender of rotation(contendersRun, round)) {
      const measured = process[contender];
      const cpu0 = cpuMs(measured);
      const backends0 = backendsCpu();
      const result = await load(contender, roundSeconds);
      rounds[contender].push({
        load: result,
        cpuMs: cpuMs(measured) - cpu0,
        backendsCpuMs: backendsCpu() - backends0,
      });
      log(
        `  S4 round ${round + 1} ${contender}: ${result.perSecond.toFixed(0)} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`,
      );
    }
  }

  const summary = (contender: S4Contender): S4ContenderResult => {
    const list = rounds[contender];
    const peak = contender === 'F' ? undefined : peakRssMiB(process[contender]);
    return {
      ...contenderResult(NAMES[contender], list, TIMING.spreadLimit, peak),
      backendsCpuMsPerRequest: perRequest(list, (r) => r.backendsCpuMs, TIMING.spreadLimit),
    };
  };
  const contenders: S4Result['contenders'] = { F: summary('F'), G: summary('G'), H: summary('H') };
  const rps = (c: S4ContenderResult) => c.requestsPerSecond.median;
  const gOverFRequests = rps(contenders.G) / rps(contenders.F);
  const gOverHRequests = contenders.H ? rps(contenders.G) / rps(contenders.H) : undefined;
  return {
    query: S4_QUERY,
    products: setup.products.length,
    reviewsPerProduct: TIMING.s4.reviewsPerProduct,
    connections,
    roundSeconds,
    bodiesIdentical: true,
    contenders,
    ratios: { gOverFRequests, ...(gOverHRequests === undefined ? {} : { gOverHRequests }) },
    targets: {
      gOverF: gOverFRequests >= 0.5,
      ...(gOverHRequests === undefined ? {} : { gOverH: gOverHRequests >= 1 }),
    },
  };
}
