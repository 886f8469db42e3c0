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
