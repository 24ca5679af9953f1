import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { latencyQuantiles, type LatencyBuckets } from '../../shared/latency';
import type { Call, SourceBatch } from '../../shared/model';
import { MAX_RECORDED_BOUNDS, TimelineRecord } from '../../shared/timeline/record';

const INF = Number.POSITIVE_INFINITY;
const big = { maxBytes: 1e9, retentionMs: 1e12 };

function call(source: string, destination: string, normal: number, buckets?: LatencyBuckets, region = 'east'): Call {
  const c: Call = { sourceRegion: region, source, destinationRegion: region, destination, rate: { normal, danger: 0, warning: 0 } };
  if (buckets) c.latencyBuckets = buckets;
  return c;
}

function batch(calls: Call[], sampledAt: number): SourceBatch {
  return { source: 'prom', sampledAt, calls, seriesRead: calls.length };
}

/** Istio-like bounds (ms) with cumulative counts that have at most 4 significant digits: kept exactly. */
const webToApi: LatencyBuckets = { le: [5, 10, 25, 50, 100, 250, INF], counts: [10, 40, 80, 90, 98, 99.5, 100] };
const cartToApi: LatencyBuckets = { le: [5, 10, 25, 50, 100, 250, INF], counts: [0, 2, 5, 20, 30, 39, 40] };
const apiToDb: LatencyBuckets = { le: [1, 2.5, 10, INF], counts: [1.5, 3, 3.9, 4] };

describe('TimelineRecord latency histograms', () => {
  it('reads back each call\'s buckets exactly when its counts have 4 significant digits', () => {
    const record = new TimelineRecord(big);
    record.append('prom', { at: 1000, batch: batch([call('web', 'api', 100, webToApi), call('api', 'db', 4, apiToDb), call('web', 'cdn', 3)], 990), staleSince: null });
    const back = record.at('prom', 1000)!.batch!.calls;
    expect(back.find((c) => c.destination === 'api')!.latencyBuckets).toEqual(webToApi);
    expect(back.find((c) => c.destination === 'db')!.latencyBuckets).toEqual(apiToDb);
    expect(back.find((c) => c.destination === 'cdn')!.latencyBuckets).toBeUndefined();
  });

  it('follows buckets that change, appear, vanish and change layout from poll to poll, across chunks', () => {
    const record = new TimelineRecord({ ...big, chunkFrames: 2 });
    const frames: LatencyBuckets[][] = [
      [webToApi, apiToDb],
      [{ le: webToApi.le, counts: [11, 41, 80, 90, 98, 99.5, 101] }, apiToDb],
      [webToApi, { le: [1, 2.5, 10, 50, INF], counts: [1, 2, 3, 3.5, 4] }],
      [webToApi, apiToDb],
      [cartToApi, apiToDb],
    ];
    frames.forEach(([a, b], i) => {
      const calls = [call('web', 'api', 100, a), i === 3 ? call('api', 'db', 4) : call('api', 'db', 4, b)];
      record.append('prom', { at: 1000 * (i + 1), batch: batch(calls, 1000 * (i + 1)), staleSince: null });
    });
    frames.forEach(([a, b], i) => {
      const back = record.at('prom', 1000 * (i + 1))!.batch!.calls;
      expect(back[0]!.latencyBuckets).toEqual(a);
      expect(back[1]!.latencyBuckets).toEqual(i === 3 ? undefined : b);
    });
  });

  it('keeps counts to 4 significant digits, so quantiles move by at most that rounding', () => {
    const record = new TimelineRecord(big);
    const raw: LatencyBuckets = { le: [5, 10, 25, 50, 100, 250, 500, INF], counts: [1.23456, 12.34567, 33.33333, 61.98765, 88.88888, 97.65432, 99.12345, 100.98765] };
    record.append('prom', { at: 1000, batch: batch([call('web', 'api', 100.98765, raw)], 990), staleSince: null });
    const back = record.at('prom', 1000)!.batch!.calls[0]!.latencyBuckets!;
    expect(back.le).toEqual(raw.le);
    expect(back.counts).toEqual([1.235, 12.35, 33.33, 61.99, 88.89, 97.65, 99.12, 101]);
    // Exact quantiles of the rounded counts (histogram_quantile's linear interpolation within a bucket):
    // p50 = 25 + 25 × (50.5 − 33.33) / (61.99 − 33.33), p95 = 100 + 150 × (95.95 − 88.89) / (97.65 − 88.89),
    // p99: rank 99.99 lies past the 500 ms bound's 99.12, in the +Inf bucket: the highest finite bound, 500.
    const q = latencyQuantiles(back)!;
    expect(q.p50).toBeCloseTo(25 + (25 * (50.5 - 33.33)) / (61.99 - 33.33), 9);
    expect(q.p95).toBeCloseTo(100 + (150 * (95.95 - 88.89)) / (97.65 - 88.89), 9);
    expect(q.p99).toBe(500);
    const live = latencyQuantiles(raw)!;
    for (const p of ['p50', 'p95', 'p99'] as const) expect(Math.abs(q[p] - live[p]) / live[p]).toBeLessThan(0.005);
  });

  it('a graph rebuilt from the record has the live graph\'s connection, service and region latency', () => {
    const calls = [
      call('web', 'api', 100, webToApi),
      call('cart', 'api', 40, cartToApi),
      call('api', 'db', 4, apiToDb),
      { ...call('INTERNET', 'web', 100, webToApi), sourceRegion: 'INTERNET' },
    ];
    const record = new TimelineRecord(big);
    record.append('prom', { at: 5000, batch: batch(calls, 5000), staleSince: null });
    const live = buildGraph([{ batch: batch(calls, 5000), staleSince: null }], { now: 5000 });
    const replayed = buildGraph([{ batch: record.at('prom', 5000)!.batch!, staleSince: null }], { now: 5000 });
    const east = (g: typeof live) => g.regions.find((r) => r.name === 'east')!;
    const apiDb = east(replayed).connections.find((c) => c.source === 'api' && c.target === 'db')!;
    // api → db: rank 2 of 4 lies in (1, 2.5], 0.5 of its 1.5: 1 + 1.5 × 0.5 / 1.5 = 1.5 ms; p95 in (2.5, 10]: 2.5 + 7.5 × 0.8 / 0.9.
    expect(apiDb.latency).toEqual({ p50: 1.5, p95: 9.167, p99: 10 });
    expect(apiDb.latencyMs).toBe(9.167);
    expect(east(replayed).connections.map((c) => c.latency)).toEqual(east(live).connections.map((c) => c.latency));
    const api = (g: typeof live) => east(g).nodes.find((n) => n.name === 'api')!;
    expect(api(live).latency).toBeDefined();
    expect(api(replayed).latency).toEqual(api(live).latency);
    expect(east(replayed).latency).toEqual(east(live).latency);
    expect(replayed.regions.map((r) => r.latency)).toEqual(live.regions.map((r) => r.latency));
  });

  it('counts the kept histograms in the record\'s bytes and does not keep a histogram with too many bounds', () => {
    const plain = new TimelineRecord(big);
    const withBuckets = new TimelineRecord(big);
    const wide: LatencyBuckets = { le: [...Array.from({ length: MAX_RECORDED_BOUNDS }, (_, i) => i + 1), INF], counts: Array.from({ length: MAX_RECORDED_BOUNDS + 1 }, (_, i) => i) };
    for (let i = 0; i < 10; i++) {
      const counts = webToApi.counts.map((c) => c * (1 + i / 10));
      plain.append('prom', { at: 1000 * (i + 1), batch: batch([call('web', 'api', 100)], 0), staleSince: null });
      withBuckets.append('prom', { at: 1000 * (i + 1), batch: batch([call('web', 'api', 100, { le: webToApi.le, counts }), call('a', 'b', 1, wide)], 0), staleSince: null });
    }
    expect(withBuckets.bytes()).toBeGreaterThan(plain.bytes() + 10 * webToApi.le.length);
    expect(withBuckets.at('prom', 10_000)!.batch!.calls[1]!.latencyBuckets).toBeUndefined();
    // The memory bound holds with histograms: the oldest chunk goes first.
    const bounded = new TimelineRecord({ maxBytes: 20_000, retentionMs: 1e12, chunkFrames: 5 });
    for (let i = 0; i < 400; i++) {
      const counts = webToApi.counts.map((c) => c * (1 + (i % 37) / 10));
      bounded.append('prom', { at: 1000 * (i + 1), batch: batch([call('web', 'api', 100 + i, { le: webToApi.le, counts })], 0), staleSince: null });
    }
    expect(bounded.bytes()).toBeLessThanOrEqual(20_000);
    expect(bounded.span()!.to).toBe(400_000);
    expect(bounded.at('prom', 400_000)!.batch!.calls[0]!.latencyBuckets!.counts).toEqual(webToApi.counts.map((c) => Number((c * (1 + (399 % 37) / 10)).toPrecision(4))));
  });
});
