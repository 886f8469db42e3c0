import type { LoadResult } from './load-spec';
/** A measurement over rounds: the median with its range. */
export type Summary = {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median. */
  spread: number;
  /** Rounds differ by more than the limit: the median is not to be trusted. */
  inconclusive: boolean;
  rounds: number[];
};

/** One timed round of a contender: the load's result and the CPU its process spent. */
export type MeasuredRound = { load: LoadResult; cpuMs: number };

/** A contender's figures over its rounds; a scenario adds its own (perRequest). */
export function contenderResult(
  name: string,
  rounds: readonly MeasuredRound[],
  spreadLimit: number,
  peakRss: number | undefined,
): ContenderResult {
  const of = (f: (r: MeasuredRound) => number) => summarize(rounds.map(f), spreadLimit);
  return {
    name,
    requestsPerSecond: of((r) => r.load.perSecond),
    p50Ms: of((r) => r.load.latencyMs.p50),
    p99Ms: of((r) => r.load.latencyMs.p99),
    cpuMsPerRequest: of((r) => r.cpuMs / Math.max(1, r.load.completed)),
    ...(peakRss === undefined ? {} : { peakRssMiB: peakRss }),
    errors: {
      non2xx: rounds.reduce((n, r) => n + r.load.non2xx, 0),
      failures: rounds.reduce((n, r) => n + r.load.failures, 0),
      graphqlErrors: rounds.reduce((n, r) => n + r.load.graphqlErrors, 0),
    },
  };
}

/** Per-request CPU of the processes behind a contender (subgraphs, REST services), over rounds. */
export function perRequest<R extends { load: LoadResult }>(
  rounds: readonly R[],
  cpuMs: (round: R) => number,
  spreadLimit: number,
): Summary {
  return summarize(
    rounds.map((r) => cpuMs(r) / Math.max(1, r.load.completed)),
    spreadLimit,
  );
}

/** One contender's figures in a side-by-side scenario (S1, S4), each a summary over rounds. */
export type ContenderResult = {
  name: string;
  requestsPerSecond: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  cpuMsPerRequest: Summary;
  peakRssMiB?: number;
  errors: { non2xx: number; failures: number; graphqlErrors: number };
};

export function summarize(rounds: number[], spreadLimit = 0.1): Summary {
  if (rounds.length === 0) throw new Error('no rounds to summarize');
  const sorted = [...rounds].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const spread = median === 0 ? (max === min ? 0 : Infinity) : (max - min) / Math.abs(median);
  return { median, min, max, spread, inconclusive: spread > spreadLimit, rounds };
}

/** Round r runs the contenders rotated by r, so none always goes first or last. */
export function rotation<T>(contenders: readonly T[], round: number): T[] {
  const shift = round % contenders.length;
  return [...contenders.slice(shift), ...contenders.slice(0, shift)];
}

/** The q-quantile (0..1) of already sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
