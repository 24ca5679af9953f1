// Latency from histogram buckets, the way Prometheus's histogram_quantile() reads them
// (prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile): cumulative counts by upper
// bound `le`, linear within a bucket. Calls' buckets are merged before a quantile is taken: a connection's
// p99 is never an average of p99s.

/** Cumulative request rates by ascending upper bound in milliseconds; the last bound is +Inf. */
export interface LatencyBuckets {
  le: number[];
  counts: number[];
}

/** Milliseconds at the 50th, 95th and 99th percentile. */
export interface LatencyQuantiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Builds buckets from (le, cumulative count) pairs in any order; pairs with the same bound are summed. */
export function bucketsFrom(pairs: Iterable<readonly [number, number]>): LatencyBuckets {
  const byLe = new Map<number, number>();
  for (const [le, count] of pairs) if (!Number.isNaN(le) && Number.isFinite(count) && count >= 0) byLe.set(le, (byLe.get(le) ?? 0) + count);
  const le = [...byLe.keys()].sort((a, b) => a - b);
  return { le, counts: le.map((b) => byLe.get(b)!) };
}

/** The cumulative count at bound `at`: that of the largest own bound ≤ `at` (a lower estimate between bounds). */
function countAt(b: LatencyBuckets, at: number): number {
  let count = 0;
  for (let i = 0; i < b.le.length && b.le[i]! <= at; i++) count = b.counts[i]!;
  return count;
}

/** The sum of two histograms; bounds that only one has are filled in for the other by `countAt`. */
export function mergeBuckets(a: LatencyBuckets, b: LatencyBuckets): LatencyBuckets {
  if (a.le.length === b.le.length && a.le.every((le, i) => le === b.le[i])) {
    return { le: a.le.slice(), counts: a.counts.map((c, i) => c + b.counts[i]!) };
  }
  const le = [...new Set([...a.le, ...b.le])].sort((x, y) => x - y);
  return { le, counts: le.map((bound) => countAt(a, bound) + countAt(b, bound)) };
}

/**
 * The q-quantile (0..1) in the buckets' unit, as histogram_quantile() computes it: NaN without a +Inf bucket
 * or without observations; the highest finite bound when the rank falls in the +Inf bucket; 0 as the lower
 * edge of the first bucket when its bound is positive.
 */
export function quantileFromBuckets(q: number, buckets: LatencyBuckets): number {
  const { le, counts } = buckets;
  const n = le.length;
  if (n < 2 || le[n - 1] !== Number.POSITIVE_INFINITY || !(q >= 0 && q <= 1)) return NaN;
  // Counts from separate series can be a hair out of order (scrapes a moment apart): make them monotonic.
  const cumulative = new Array<number>(n);
  let max = 0;
  for (let i = 0; i < n; i++) cumulative[i] = max = Math.max(max, counts[i]!);
  const observations = cumulative[n - 1]!;
  if (!(observations > 0)) return NaN;
  const rank = q * observations;
  let b = 0;
  while (b < n - 1 && cumulative[b]! < rank) b++;
  if (b === n - 1) return le[n - 2]!;
  if (b === 0 && le[0]! <= 0) return le[0]!;
  const start = b === 0 ? 0 : le[b - 1]!;
  const below = b === 0 ? 0 : cumulative[b - 1]!;
  const inBucket = cumulative[b]! - below;
  return inBucket > 0 ? start + ((le[b]! - start) * (rank - below)) / inBucket : le[b]!;
}

/** p50/p95/p99 from buckets, or null where they cannot be told (never 0 as a stand-in). */
export function latencyQuantiles(buckets: LatencyBuckets): LatencyQuantiles | null {
  const p50 = quantileFromBuckets(0.5, buckets);
  const p95 = quantileFromBuckets(0.95, buckets);
  const p99 = quantileFromBuckets(0.99, buckets);
  return Number.isFinite(p50) && Number.isFinite(p95) && Number.isFinite(p99) ? { p50, p95, p99 } : null;
}

/**
 * The sum of many histograms (a service's inbound calls, a region's ingress), or null when none has buckets.
 * Layouts may differ (sources with other bucket bounds, a preset in seconds beside one in ms): see
 * mergeBuckets for the policy.
 */
export function mergeAllBuckets(list: Iterable<LatencyBuckets | null | undefined>): LatencyBuckets | null {
  let merged: LatencyBuckets | null = null;
  for (const b of list) {
    if (!b || b.le.length === 0) continue;
    merged = merged === null ? { le: b.le.slice(), counts: b.counts.slice() } : mergeBuckets(merged, b);
  }
  return merged;
}

/** One bar of a latency distribution: the request rate that took between `from` and `to` ms. */
export interface LatencyBar {
  from: number;
  /** The bucket's upper bound; +Inf for the last bucket. */
  to: number;
  rate: number;
}

/**
 * The distribution per bucket (not cumulative): what each bar of the panel's chart shows. Counts a hair out
 * of order read as monotonic, as in quantileFromBuckets, so no bar is negative.
 */
export function latencyBars(buckets: LatencyBuckets): LatencyBar[] {
  const bars: LatencyBar[] = [];
  let below = 0;
  let from = 0;
  for (let i = 0; i < buckets.le.length; i++) {
    const cumulative = Math.max(below, buckets.counts[i]!);
    bars.push({ from, to: buckets.le[i]!, rate: cumulative - below });
    below = cumulative;
    from = buckets.le[i]!;
  }
  return bars;
}
