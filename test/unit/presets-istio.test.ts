import { describe, expect, it } from 'vitest';
import { INTERNET } from '../../shared/model';
import { emptyTally, istio, PresetConfigError, type PresetOptions } from '../../shared/presets/index';
import { byKey, find, loadAnswer } from './helpers/prometheus-fixtures';

const options: PresetOptions = { sourceName: 'mesh', rateWindow: '1m' };
const calls = istio.normalise({ requests: loadAnswer('istio-requests'), outcomes: loadAnswer('istio-outcomes') }, options);

describe('istio preset', () => {
  it('queries istio_requests_total by reporter, workloads, namespaces and clusters, and the not-OK series by their codes', () => {
    const [requests, outcomes] = istio.queries({ ...options, rateWindow: '30s' });
    expect(requests!.promql).toBe(
      'sum by (reporter, source_workload, source_workload_namespace, destination_workload, destination_workload_namespace, destination_service_name, source_cluster, destination_cluster) (rate(istio_requests_total[30s]))',
    );
    expect(outcomes!.id).toBe('outcomes');
    expect(outcomes!.promql).toContain('destination_cluster, response_code, grpc_response_status) (');
    expect(outcomes!.promql).toContain('rate(istio_requests_total{response_code!~"[123].."}[30s])');
    expect(outcomes!.promql).toContain('or rate(istio_requests_total{response_code=~"[123]..", grpc_response_status!~"0|"}[30s])');
  });

  it('counts 5xx, no response (response_code="0") and gRPC server codes as failures, 4xx and other gRPC codes as client errors', () => {
    const call = find(calls, 'east/frontend → east/api');
    expect(call.rate.danger).toBeCloseTo(0.25);
    expect(call.rate.warning).toBeCloseTo(0.4);
    expect(call.rate.normal).toBeCloseTo(1.85);
  });

  it('groups by the configured region labels instead of the clusters', () => {
    const [requests] = istio.queries({ ...options, regionLabels: { source: 'src_zone', destination: 'dst_zone' } });
    expect(requests!.promql).toContain('src_zone, dst_zone)');
    expect(requests!.promql).not.toContain('source_cluster');
  });

  it('rejects a label name or rate window that would break the query', () => {
    expect(() => istio.queries({ ...options, rateWindow: '1 minute' })).toThrow(PresetConfigError);
    expect(() => istio.queries({ ...options, regionLabels: { source: 'a-b', destination: 'c' } })).toThrow(/regionLabels.source/);
  });

  it('counts a call reported by both proxies once, from the destination proxy', () => {
    const call = find(calls, 'east/productpage-v1 → east/reviews-v2');
    expect(call.rate.normal).toBeCloseTo(9.4);
    expect(call.rate.danger).toBeCloseTo(0.4);
    expect(call.rate.warning).toBe(0);
  });

  it('counts a call reported only by the source proxy or only by the destination proxy', () => {
    expect(find(calls, 'east/reviews-v2 → east/ratings-v1').rate.normal).toBe(4);
    expect(find(calls, 'east/productpage-v1 → east/details-v1').rate.normal).toBe(3.5);
  });

  it('prefers a waypoint over the source proxy when the destination proxy is silent', () => {
    const call = find(calls, 'west/cart → west/pricing');
    expect(call.rate).toEqual({ normal: 4, danger: 1, warning: 0 });
  });

  it('treats source_workload="unknown" as a call from the INTERNET', () => {
    const call = find(calls, `${INTERNET}/${INTERNET} → east/productpage-v1`);
    expect(call.rate.normal).toBeCloseTo(7.2);
    expect(call.rate.danger).toBeCloseTo(0.3);
  });

  it('keeps egress to an unknown workload as a node named after the destination service, else "unknown"', () => {
    expect(find(calls, 'east/reviews-v2 → east/PassthroughCluster').rate.normal).toBe(0.25);
    expect(find(calls, 'east/ratings-v1 → east/unknown').rate.normal).toBe(0.5);
  });

  it('passes hostile names through untouched as data', () => {
    const call = find(calls, 'east/<script>alert("x")</script> → east/ünïcødé-服务 o\'brien "svc"');
    expect(call.rate.normal).toBe(2);
  });

  it('skips series whose value is NaN, infinite or not a number', () => {
    const names = calls.map((c) => c.source);
    expect(names).not.toContain('nan-caller');
    expect(names).not.toContain('inf-caller');
    expect(names).not.toContain('text-caller');
    expect(find(calls, 'east/reviews-v2 → east/ratings-v1').rate.danger).toBe(0);
  });

  it('places a side without a region label in the other side\'s region, else in the source\'s own name', () => {
    expect(find(calls, 'east/cron → east/reports').rate.normal).toBe(1);
    expect(find(calls, 'mesh/batch → mesh/archive').rate.normal).toBe(0.75);
  });

  it('keeps a call between clusters as one call between two regions', () => {
    const call = find(calls, 'east/checkout → west/payments');
    expect(call.rate.normal).toBeCloseTo(5.49);
    expect(call.rate.danger).toBeCloseTo(0.61);
  });

  it('names a workload workload.namespace only where its name is taken in two namespaces of one region', () => {
    const keys = [...byKey(calls).keys()];
    expect(keys).toContain('west/frontend → west/api.shop');
    expect(keys).toContain('west/frontend → west/api.admin');
    expect(keys).toContain('east/frontend → east/api');
  });

  it('counts a series without a reporter label as one report of lowest preference', () => {
    const metric = { source_workload: 'a', source_workload_namespace: 'n', destination_workload: 'b', destination_workload_namespace: 'n' };
    const sample = (reporter: string | undefined, value: string) => ({
      metric: reporter === undefined ? metric : { ...metric, reporter },
      value: [0, value] as const,
    });
    expect(istio.normalise({ requests: [sample(undefined, '2')] }, options)[0]!.rate.normal).toBe(2);
    expect(istio.normalise({ requests: [sample(undefined, '2'), sample('destination', '3')] }, options)[0]!.rate.normal).toBe(3);
  });

  it('returns nothing for empty answers', () => {
    expect(istio.normalise({ requests: [], outcomes: [] }, options)).toEqual([]);
  });

  it('counts a series repeated in one answer once and tallies the repeat and the unusable values', () => {
    const metric = { reporter: 'destination', source_workload: 'a', source_workload_namespace: 'n', destination_workload: 'b', destination_workload_namespace: 'n' };
    const tally = emptyTally();
    const requests = [
      { metric, value: [0, '2'] as const },
      { metric: { ...metric }, value: [0, '2'] as const },
      { metric: { ...metric, destination_service_name: 'b-alias' }, value: [0, '1'] as const },
      { metric: { ...metric, source_workload: 'c' }, value: [0, '-1'] as const },
      { metric: { ...metric, source_workload: 'd' }, value: [0, 'NaN'] as const },
    ];
    const calls = istio.normalise({ requests }, { ...options, tally });
    expect(calls.map((c) => [c.source, c.rate.normal])).toEqual([['a', 3]]);
    expect(tally).toEqual({ invalid: 2, duplicate: 1 });
  });
});
