// Istio series (destination-reported requests and the ms latency histogram) with known bucket rates, for a
// fixed-rate exporter: latency tests know to the request what every bucket's rate() must read.
import type { FixedRateSeries } from './fixed-rate-exporter';

/** Upper bounds of the histograms below, as Prometheus's `le` label writes them. */
export const ISTIO_TEST_BOUNDS = ['10', '50', '100', '500', '+Inf'] as const;

/** The workload labels Istio's proxies put on one call, as reported by `reporter` (source or destination). */
export function istioWorkload(reporter: string, source: string, sourceCluster: string, destination: string, destinationCluster: string): Record<string, string> {
  return {
    reporter,
    source_workload: source,
    source_workload_namespace: source === 'unknown' ? 'unknown' : 'shop',
    source_cluster: sourceCluster,
    destination_workload: destination,
    destination_workload_namespace: 'shop',
    destination_service_name: destination,
    destination_cluster: destinationCluster,
  };
}

/** One call's series: `cumulativePerSecond` = requests/s at or under each of ISTIO_TEST_BOUNDS. */
export function istioHistogramCall(source: string, sourceCluster: string, destination: string, destinationCluster: string, cumulativePerSecond: readonly number[]): FixedRateSeries[] {
  const labels = istioWorkload('destination', source, sourceCluster, destination, destinationCluster);
  const total = cumulativePerSecond[cumulativePerSecond.length - 1]!;
  return [
    { name: 'istio_requests_total', labels: { ...labels, response_code: '200' }, perSecond: total },
    ...ISTIO_TEST_BOUNDS.map((le, i) => ({ name: 'istio_request_duration_milliseconds_bucket', labels: { ...labels, le }, perSecond: cumulativePerSecond[i]! })),
  ];
}

/**
 * east/web serves the INTERNET (fast) and east/api (slower); east/ledger serves west/cart (slow, a fifth past
 * 500 ms); east/api serves east/web (all under 10 ms). Cumulative requests/s at 10, 50, 100, 500 ms, +Inf.
 */
export const TWO_REGION_HISTOGRAMS: FixedRateSeries[] = [
  ...istioHistogramCall('unknown', 'unknown', 'web', 'east', [8, 9, 10, 10, 10]),
  ...istioHistogramCall('api', 'east', 'web', 'east', [0, 10, 18, 20, 20]),
  ...istioHistogramCall('cart', 'west', 'ledger', 'east', [0, 0, 1, 4, 5]),
  ...istioHistogramCall('web', 'east', 'api', 'east', [30, 30, 30, 30, 30]),
];
