/**
 * The arithmetic of bench/burst.ts, kept pure so a unit spec checks it: percentiles, counts per time
 * bucket, how far tasks opened out of submission order, and how far auto steps ran ahead of the tasks.
 */

/** The value at quantile `p` (0..1) of ascending `sorted` (nearest rank); NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** How many of `times` (ms) fall in each `bucketMs` bucket from `start`, for `buckets` buckets. */
export function countPerBucket(times: number[], start: number, bucketMs: number, buckets: number): number[] {
  const counts = new Array<number>(buckets).fill(0);
  for (const time of times) {
    const index = Math.floor((time - start) / bucketMs);
    if (index >= 0 && index < buckets) counts[index] += 1;
  }
  return counts;
}

/** The largest value sampled in each bucket (undefined where nothing was sampled). */
export function maxPerBucket(
  samples: { at: number; value: number }[],
  start: number,
  bucketMs: number,
  buckets: number,
): (number | undefined)[] {
  const peaks = new Array<number | undefined>(buckets).fill(undefined);
  for (const { at, value } of samples) {
    const index = Math.floor((at - start) / bucketMs);
    if (index >= 0 && index < buckets) peaks[index] = Math.max(peaks[index] ?? value, value);
  }
  return peaks;
}

/** A bucket width in whole multiples of 10 s that shows `durationMs` in at most `rows` rows. */
export function bucketWidthMs(durationMs: number, rows = 60): number {
  return Math.max(1, Math.ceil(durationMs / rows / 10_000)) * 10_000;
}

export interface Displacement {
  /** Cases whose task opened (the others have no task-open rank). */
  ranked: number;
  max: number;
  p99: number;
  mean: number;
}

/**
 * How far out of submission order the tasks opened: each opened case's submission rank against its
 * task-open rank, both counted among the cases whose task opened. Equal open times keep submission
 * order (the clock's resolution is no disorder).
 */
export function orderDisplacement(submissionOrder: string[], openedAt: Map<string, number>): Displacement {
  const opened = submissionOrder.filter((caseId) => openedAt.has(caseId));
  const byOpening = opened
    .map((caseId, submissionRank) => ({ submissionRank, at: openedAt.get(caseId)! }))
    .sort((a, b) => a.at - b.at || a.submissionRank - b.submissionRank);
  const distances = byOpening
    .map(({ submissionRank }, openRank) => Math.abs(submissionRank - openRank))
    .sort((a, b) => a - b);
  return {
    ranked: opened.length,
    max: distances.length ? distances[distances.length - 1] : 0,
    p99: distances.length ? percentile(distances, 0.99) : 0,
    mean: distances.reduce((sum, d) => sum + d, 0) / Math.max(1, distances.length),
  };
}

/**
 * The most cases that, at one moment, had their auto steps done while their department task was not
 * yet open — measured as counts over the whole burst (auto steps finished so far minus tasks opened so
 * far). Near zero when the worker opens tasks as fast as it finishes auto steps; large when the auto
 * steps take the worker and the manual steps wait (starved).
 */
export function largestAutoLead(autoDoneAt: number[], taskOpenedAt: number[]): number {
  const events = [
    ...autoDoneAt.map((at) => ({ at, delta: 1 })),
    ...taskOpenedAt.map((at) => ({ at, delta: -1 })),
  ].sort((a, b) => a.at - b.at || a.delta - b.delta);
  let lead = 0;
  let largest = 0;
  for (const { delta } of events) {
    lead += delta;
    largest = Math.max(largest, lead);
  }
  return largest;
}
