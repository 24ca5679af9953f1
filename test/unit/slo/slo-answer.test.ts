import { describe, expect, it } from 'vitest';
import type { VectorSample } from '../../../shared/presets/preset';
import { goodFromBuckets, readCoverage, readSloCounts, sloQueries } from '../../../shared/slo/index';

const sample = (metric: Record<string, string>, value: number): VectorSample => ({ metric, value: [1_764_000_000, String(value)] });

describe('readSloCounts()', () => {
  it('counts istio 5xx, 0 and gRPC server codes as bad, 4xx as good, each caller from its best reporter', () => {
    const w = { slo_window: '5m' };
    const a = { source_workload: 'frontend', source_workload_namespace: 'shop', source_cluster: 'east' };
    const b = { source_workload: 'mobile-bff', source_workload_namespace: 'shop', source_cluster: 'east' };
    const counts = readSloCounts(
      [
        // frontend: both proxies report; the destination's numbers count.
        sample({ ...w, ...a, reporter: 'destination', response_code: '200' }, 900),
        sample({ ...w, ...a, reporter: 'destination', response_code: '503' }, 50),
        sample({ ...w, ...a, reporter: 'destination', response_code: '404' }, 40),
        sample({ ...w, ...a, reporter: 'destination', response_code: '0' }, 10),
        sample({ ...w, ...a, reporter: 'source', response_code: '200' }, 9_999),
        // mobile-bff: only its own proxy reports (gRPC: HTTP 200 with a grpc status).
        sample({ ...w, ...b, reporter: 'source', response_code: '200', grpc_response_status: '0' }, 95),
        sample({ ...w, ...b, reporter: 'source', response_code: '200', grpc_response_status: '14' }, 5),
      ],
      'istio',
      'availability',
    );
    expect(counts.get('5m')).toEqual({ good: 900 + 40 + 95, total: 1_100 });
  });

  it('reads linkerd classification and servicegraph total/failed parts per window', () => {
    const linkerd = readSloCounts(
      [sample({ slo_window: '1h', classification: 'success' }, 990), sample({ slo_window: '1h', classification: 'failure' }, 10)],
      'linkerd',
      'availability',
    );
    expect(linkerd.get('1h')).toEqual({ good: 990, total: 1000 });
    const servicegraph = readSloCounts(
      [sample({ slo_window: '30m', slo_part: 'total' }, 200), sample({ slo_window: '30m', slo_part: 'failed' }, 3), sample({ slo_window: '6h', slo_part: 'total' }, 50)],
      'servicegraph',
      'availability',
    );
    expect(servicegraph.get('30m')).toEqual({ good: 197, total: 200 });
    expect(servicegraph.get('6h')).toEqual({ good: 50, total: 50 });
  });

  it('counts latency as requests under the threshold from cumulative buckets', () => {
    const w = { slo_window: '5m' };
    const counts = readSloCounts(
      [sample({ ...w, le: '100' }, 600), sample({ ...w, le: '250' }, 900), sample({ ...w, le: '500' }, 980), sample({ ...w, le: '+Inf' }, 1000)],
      'linkerd',
      'latency',
      250,
    );
    expect(counts.get('5m')).toEqual({ good: 900, total: 1000 });
  });
});

describe('goodFromBuckets()', () => {
  const buckets = new Map([[100, 600], [200, 800], [Infinity, 1000]]);
  it('interpolates linearly inside the bucket holding the threshold, like histogram_quantile', () => {
    expect(goodFromBuckets(buckets, 150)).toEqual({ good: 700, total: 1000 });
    expect(goodFromBuckets(buckets, 50)).toEqual({ good: 300, total: 1000 });
  });

  it('counts everything past the largest finite bound as slow', () => {
    expect(goodFromBuckets(buckets, 10_000)).toEqual({ good: 800, total: 1000 });
  });
});

describe('readCoverage()', () => {
  it('is the share of each window since the oldest sample any window saw, 1 when data reaches the window start', () => {
    const now = 1_764_000_000;
    const coverage = readCoverage(
      [sample({ slo_window: '5m' }, now - 298), sample({ slo_window: '1h' }, now - 900), sample({ slo_window: '3d' }, now - 1_296)],
      ['5m', '1h', '3d', '30d'],
      now,
    );
    expect(Object.fromEntries(coverage)).toEqual({ '5m': 1, '1h': 0.36, '3d': 0.005, '30d': 0.0005 });
  });

  it('is 0 for every window when no window holds data', () => {
    expect(Object.fromEntries(readCoverage([], ['5m', '3d'], 1_764_000_000))).toEqual({ '5m': 0, '3d': 0 });
  });
});

describe('sloQueries()', () => {
  it('asks istio for one service in one region over every window at once, grouped by caller, reporter and outcome', () => {
    const q = sloQueries(
      { service: 'checkout', region: 'us-east-1', objective: 99.9, window: '30d', kind: 'availability' },
      { preset: 'istio', destinationRegionLabel: 'destination_cluster', sourceRegionLabel: 'source_cluster' },
    );
    expect(q.windows).toEqual(['5m', '30m', '1h', '6h', '3d', '30d']);
    expect(q.counts.split(' or ')[0]).toBe(
      'label_replace((sum by (reporter, source_workload, source_workload_namespace, source_cluster, response_code, grpc_response_status) (increase(istio_requests_total{destination_workload="checkout", destination_cluster="us-east-1"}[5m]))), "slo_window", "5m", "", "")',
    );
    expect(q.coverage.split(' or ')[5]).toBe(
      'label_replace(min(min_over_time(timestamp(istio_requests_total{destination_workload="checkout", destination_cluster="us-east-1"})[30d:12960s])), "slo_window", "30d", "", "")',
    );
  });

  it('counts series without a region label as the source\'s own region when it has one', () => {
    const q = sloQueries({ service: 'cart', region: 'eu.west', objective: 99, window: '3d', kind: 'availability' }, { preset: 'istio', destinationRegionLabel: 'destination_cluster', defaultRegion: 'eu.west' });
    expect(q.counts).toContain('istio_requests_total{destination_workload="cart", destination_cluster=~"eu\\\\.west|"}[5m]');
  });

  it('quotes a service name as a PromQL string, so a quote in it cannot change the query', () => {
    const q = sloQueries({ service: 'a"b\\c', objective: 99, window: '3d', kind: 'availability' }, { preset: 'linkerd' });
    expect(q.windows).toEqual(['5m', '30m', '1h', '6h', '3d']);
    expect(q.counts).toContain('response_total{direction="inbound", deployment="a\\"b\\\\c"}[5m]');
  });
});
