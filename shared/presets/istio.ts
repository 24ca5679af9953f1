// Istio standard metrics (istio.io/latest/docs/reference/config/metrics/): `istio_requests_total`, labelled by
// the reporting proxy (`reporter`), workloads, namespaces and clusters. Outcomes from `response_code` and, for
// gRPC (whose errors travel in trailers of an HTTP 200), `grpc_response_status` (shared/outcome.ts).
import { INTERNET, type Call } from '../model';
import { byClause, checkDuration, checkRegionLabels, label } from './answer';
import { grpcOutcome, httpOutcome, worst } from '../outcome';
import { CallTable, regionOf, type CallEntry, type SamplePart } from './call-table';
import type { Preset, PresetAnswers, PresetOptions, PresetQuery, RegionLabels, VectorSample } from './preset';

export const ISTIO_REGION_LABELS: RegionLabels = { source: 'source_cluster', destination: 'destination_cluster' };

/** Added by the latency query to buckets of a histogram in seconds. */
const UNIT_LABEL = 'flowsight_unit';

// Istio writes "unknown" where it cannot tell a workload or cluster (a caller outside the mesh, passthrough).
const UNKNOWN = 'unknown';

// Slots in CallTable by preference: the destination proxy saw the request arrive, so it is the best witness;
// an ambient waypoint next; the source proxy last (it also counts requests that never reached the server).
const DESTINATION = 0;
const WAYPOINT = 1;
const SOURCE = 2;

/** A series without `reporter` (a recording rule that dropped it) is one report of lowest preference. */
function slotOf(reporter: string): number {
  if (reporter === 'destination') return DESTINATION;
  if (reporter === 'waypoint') return WAYPOINT;
  return reporter === 'source' || reporter === '' ? SOURCE : -1;
}

function regionLabels(options: PresetOptions): RegionLabels {
  return checkRegionLabels(options.regionLabels, ISTIO_REGION_LABELS);
}

function queries(options: PresetOptions): PresetQuery[] {
  const window = checkDuration(options.rateWindow);
  const regions = regionLabels(options);
  const by = byClause([
    'reporter',
    'source_workload',
    'source_workload_namespace',
    'destination_workload',
    'destination_workload_namespace',
    'destination_service_name',
    regions.source,
    regions.destination,
  ]);
  // Only the series that are not plainly OK, with their codes: small, and classified here rather than in PromQL.
  const notOk =
    `rate(istio_requests_total{response_code!~"[123].."}[${window}])` +
    ` or rate(istio_requests_total{response_code=~"[123]..", grpc_response_status!~"0|"}[${window}])`;
  // Latency buckets in ms; installations still on the legacy seconds histogram are marked for conversion.
  const latency =
    `sum by (${by}, le) (rate(istio_request_duration_milliseconds_bucket[${window}]))` +
    ` or label_replace(sum by (${by}, le) (rate(istio_request_duration_seconds_bucket[${window}])), "${UNIT_LABEL}", "s", "", "")`;
  return [
    { id: 'requests', promql: `sum by (${by}) (rate(istio_requests_total[${window}]))` },
    { id: 'outcomes', promql: `sum by (${by}, response_code, grpc_response_status) (${notOk})` },
    { id: 'latency', promql: latency },
  ];
}

function clusterOf(labels: Readonly<Record<string, string>>, name: string): string {
  const value = label(labels, name);
  return value === UNKNOWN ? '' : value;
}

type Answer = 'requests' | 'outcomes' | 'latency';

function read(table: CallTable, samples: readonly VectorSample[], regions: RegionLabels, fallback: string, answer: Answer): void {
  table.each(samples, (labels, rate) => {
    const slot = slotOf(label(labels, 'reporter'));
    if (slot < 0) return;
    let part: SamplePart = 'total';
    let le = NaN;
    if (answer === 'latency') {
      le = table.bound(label(labels, 'le'), label(labels, UNIT_LABEL) === 's' ? 1000 : 1);
      if (Number.isNaN(le)) return;
    } else if (answer === 'outcomes') {
      const outcome = worst(httpOutcome(label(labels, 'response_code')), grpcOutcome(label(labels, 'grpc_response_status')));
      if (outcome === 'normal') return;
      part = outcome;
    }
    const sourceWorkload = label(labels, 'source_workload');
    const fromOutside = sourceWorkload === '' || sourceWorkload === UNKNOWN;
    let destination = label(labels, 'destination_workload');
    // Egress or passthrough to a workload outside the mesh: keep it, named after the service it called.
    if (destination === '' || destination === UNKNOWN) destination = label(labels, 'destination_service_name') || UNKNOWN;
    const sourceCluster = fromOutside ? '' : clusterOf(labels, regions.source);
    const destinationCluster = clusterOf(labels, regions.destination);
    const destinationRegion = regionOf(destinationCluster, sourceCluster, fallback);
    const entry: CallEntry = fromOutside
      ? table.entry(INTERNET, INTERNET, '', destinationRegion, destination, label(labels, 'destination_workload_namespace'))
      : table.entry(
          regionOf(sourceCluster, destinationCluster, fallback),
          sourceWorkload,
          label(labels, 'source_workload_namespace'),
          destinationRegion,
          destination,
          label(labels, 'destination_workload_namespace'),
        );
    if (answer === 'latency') table.addBucket(entry, slot, le, rate);
    else table.add(entry, slot, rate, part, labels);
  });
}

/** Counts each call once: the destination's report if there is one, else the waypoint's, else the source's. */
function preferredReporter(entry: CallEntry): number {
  const seen = entry.seen;
  return seen & (1 << DESTINATION) ? DESTINATION : seen & (1 << WAYPOINT) ? WAYPOINT : seen & (1 << SOURCE) ? SOURCE : -1;
}

function normalise(answers: PresetAnswers, options: PresetOptions): Call[] {
  const regions = regionLabels(options);
  const table = new CallTable(options.tally);
  read(table, answers.requests ?? [], regions, options.sourceName, 'requests');
  read(table, answers.outcomes ?? [], regions, options.sourceName, 'outcomes');
  read(table, answers.latency ?? [], regions, options.sourceName, 'latency');
  return table.calls(preferredReporter);
}

export const istio: Preset = { name: 'istio', probeMetric: 'istio_requests_total', queries, normalise };
