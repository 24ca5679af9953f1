import { describe, expect, it } from 'vitest';
import { bucketsFrom, latencyQuantiles, mergeBuckets, quantileFromBuckets } from '../../shared/latency';

const INF = Number.POSITIVE_INFINITY;
// 100 requests/s: 20 under 10 ms, 60 more under 50 ms, 15 more under 100 ms, 5 slower.
const buckets = bucketsFrom([[10, 20], [50, 80], [100, 95], [INF, 100]]);

describe('quantileFromBuckets()', () => {
  it('interpolates linearly within the bucket that holds the rank, from 0 in the first bucket', () => {
    expect(quantileFromBuckets(0.5, buckets)).toBeCloseTo(10 + (40 * 30) / 60);
    expect(quantileFromBuckets(0.1, buckets)).toBeCloseTo(5);
    expect(quantileFromBuckets(0.9, buckets)).toBeCloseTo(50 + (50 * 10) / 15);
  });

  it('answers the highest finite bound when the rank falls in the +Inf bucket', () => {
    expect(quantileFromBuckets(0.99, buckets)).toBe(100);
  });

  it('is NaN without a +Inf bucket, without observations, or for q outside 0..1', () => {
    expect(quantileFromBuckets(0.5, bucketsFrom([[10, 1], [50, 2]]))).toBeNaN();
    expect(quantileFromBuckets(0.5, bucketsFrom([[10, 0], [INF, 0]]))).toBeNaN();
    expect(quantileFromBuckets(1.5, buckets)).toBeNaN();
  });

  it('reads counts a hair out of order as monotonic', () => {
    expect(quantileFromBuckets(0.5, bucketsFrom([[10, 50], [50, 49.9], [INF, 100]]))).toBe(10);
  });
});

describe('mergeBuckets()', () => {
  it('sums histograms with the same bounds, so the quantile is of all requests, not an average of quantiles', () => {
    const fast = bucketsFrom([[10, 90], [100, 100], [INF, 100]]);
    const slow = bucketsFrom([[10, 0], [100, 10], [INF, 10]]);
    const merged = mergeBuckets(fast, slow);
    expect(merged).toEqual({ le: [10, 100, INF], counts: [90, 110, 110] });
    // Averaging the two p50s would say 52.6 ms; the merged histogram says 6.1 ms.
    expect(quantileFromBuckets(0.5, merged)).toBeCloseTo((10 * 55) / 90);
  });

  it('fills in bounds only one side has with its count at the next lower bound', () => {
    const merged = mergeBuckets(bucketsFrom([[10, 5], [INF, 10]]), bucketsFrom([[20, 3], [INF, 4]]));
    expect(merged).toEqual({ le: [10, 20, INF], counts: [5, 8, 14] });
  });
});

describe('latencyQuantiles()', () => {
  it('gives p50, p95 and p99, or null when they cannot be told', () => {
    expect(latencyQuantiles(buckets)).toEqual({ p50: quantileFromBuckets(0.5, buckets), p95: 100, p99: 100 });
    expect(latencyQuantiles(bucketsFrom([[10, 0], [INF, 0]]))).toBeNull();
  });
});
