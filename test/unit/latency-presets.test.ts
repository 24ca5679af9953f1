import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { quantileFromBuckets } from '../../shared/latency';
import type { Call } from '../../shared/model';
import { istio, linkerd, servicegraph, type VectorSample } from '../../shared/presets/index';
import { toVizceral } from '../../shared/vizceral';

const INF = Number.POSITIVE_INFINITY;
const at = [1_764_045_000, ''] as const;
const sample = (metric: Record<string, string>, value: number): VectorSample => ({ metric, value: [at[0], String(value)] });
/** One call's buckets as cumulative rates: `counts` by `les`. */
const buckets = (metric: Record<string, string>, les: string[], counts: number[]) => les.map((le, i) => sample({ ...metric, le }, counts[i]!));

const ISTIO = { source_workload: 'web', source_workload_namespace: 'n', destination_workload: 'api', destination_workload_namespace: 'n', source_cluster: 'east', destination_cluster: 'east' };
const options = { sourceName: 'mesh', rateWindow: '1m' };

function graphOf(calls: Call[]) {
  return buildGraph([{ batch: { source: 's', sampledAt: 1, calls, seriesRead: 0 }, staleSince: null }], { now: 1 });
}

describe('latency from histogram buckets in the presets', () => {
  it('istio: asks for istio_request_duration_milliseconds_bucket by le, with the legacy seconds histogram marked', () => {
    const latency = istio.queries(options).find((q) => q.id === 'latency')!;
    expect(latency.promql).toContain('destination_cluster, le) (rate(istio_request_duration_milliseconds_bucket[1m]))');
    expect(latency.promql).toContain('label_replace(sum by (');
    expect(latency.promql).toContain('rate(istio_request_duration_seconds_bucket[1m])), "flowsight_unit", "s", "", "")');
  });

  it('istio: takes the buckets of the reporter whose rate it counts, and converts seconds to ms', () => {
    const dest = { ...ISTIO, reporter: 'destination' };
    const src = { ...ISTIO, reporter: 'source' };
    const calls = istio.normalise(
      {
        requests: [sample(dest, 10), sample(src, 10)],
        latency: [
          ...buckets(dest, ['10', '50', '+Inf'], [5, 9, 10]),
          // The source proxy saw the network too: slower, and not the one counted.
          ...buckets({ ...src, flowsight_unit: 's' }, ['0.1', '0.5', '+Inf'], [1, 9, 10]),
        ],
      },
      options,
    );
    expect(calls[0]!.latencyBuckets).toEqual({ le: [10, 50, INF], counts: [5, 9, 10] });
    const seconds = istio.normalise({ requests: [sample(src, 10)], latency: buckets({ ...src, flowsight_unit: 's' }, ['0.1', '0.5', '+Inf'], [1, 9, 10]) }, options);
    expect(seconds[0]!.latencyBuckets).toEqual({ le: [100, 500, INF], counts: [1, 9, 10] });
  });

  it('linkerd: reads response_latency_ms_bucket outbound and for INTERNET inbound', () => {
    const ids = linkerd.queries(options).map((q) => q.promql).filter((q) => q.includes('response_latency_ms_bucket'));
    expect(ids).toHaveLength(2);
    const metric = { deployment: 'web', namespace: 'n', dst_deployment: 'api', dst_namespace: 'n' };
    const calls = linkerd.normalise({ requests: [sample(metric, 4)], latency: buckets(metric, ['1', '10', '+Inf'], [2, 4, 4]) }, options);
    expect(quantileFromBuckets(0.5, calls[0]!.latencyBuckets!)).toBe(1);
  });

  it('servicegraph: reads the server-side seconds histogram (or the older request_duration_seconds) as ms', () => {
    const latency = servicegraph.queries(options).find((q) => q.id === 'latency')!;
    expect(latency.promql).toContain('traces_service_graph_request_server_seconds_bucket');
    expect(latency.promql).toContain(' or sum by (client, server, connection_type, virtual_node, client_cloud_region, server_cloud_region, le) (rate(traces_service_graph_request_duration_seconds_bucket[1m]))');
    const metric = { client: 'web', server: 'api', client_cloud_region: 'r', server_cloud_region: 'r' };
    const calls = servicegraph.normalise({ requests: [sample(metric, 4)], latency: buckets(metric, ['0.01', '0.1', '+Inf'], [2, 4, 4]) }, options);
    expect(calls[0]!.latencyBuckets).toEqual({ le: [10, 100, INF], counts: [2, 4, 4] });
  });

  it('leaves latency absent where a call has no buckets, never 0', () => {
    const calls = istio.normalise({ requests: [sample({ ...ISTIO, reporter: 'destination' }, 3)] }, options);
    expect(calls[0]!.latencyBuckets).toBeUndefined();
    const conn = graphOf(calls).regions[0]!.connections[0]!;
    expect(conn.latency).toBeUndefined();
    expect(toVizceral(graphOf(calls)).nodes[1]!.connections![0]!.metadata).toBeUndefined();
  });
});

describe('buildGraph() latency', () => {
  const call = (sourceRegion: string, counts: number[]): Call => ({
    sourceRegion,
    source: 'web',
    destinationRegion: 'east',
    destination: 'api',
    rate: { normal: counts.at(-1)!, danger: 0, warning: 0 },
    latencyBuckets: { le: [10, 100, INF], counts },
  });

  it('merges the buckets of every call behind a connection before taking p50/p95/p99', () => {
    const fast = { ...call('west', [90, 100, 100]), source: 'web', destination: 'api' };
    const slow = { ...call('west', [0, 10, 10]), source: 'worker', destination: 'db' };
    const graph = graphOf([fast, slow]);
    // The global west → east connection carries both: 110 requests/s, 90 of them under 10 ms.
    const global = graph.connections.find((c) => c.source === 'west' && c.target === 'east')!;
    expect(global.latency!.p50).toBeCloseTo((10 * 55) / 90, 3);
    expect(global.latency!.p95).toBeCloseTo(10 + (90 * 14.5) / 20, 3);
    expect(global.latency!.p99).toBeCloseTo(10 + (90 * 18.9) / 20, 3);
    expect(global.latencyMs).toBe(global.latency!.p95);
    // Each call's own edge keeps its own histogram.
    const east = graph.regions.find((r) => r.name === 'east')!;
    expect(east.connections.find((c) => c.target === 'db')!.latency).toEqual({ p50: 55, p95: 95.5, p99: 99.1 });
  });

  it('puts p50/p95/p99 in /api/graph as metadata.latencyMs', () => {
    const out = toVizceral(graphOf([call('east', [50, 100, 100])]));
    const conn = out.nodes.find((n) => n.name === 'east')!.connections![0]!;
    expect(conn.metadata).toEqual({ latencyMs: { p50: 10, p95: 91, p99: 98.2 } });
  });
});
