// Linkerd proxy metrics (linkerd.io/2/reference/proxy-metrics/): `response_total` by `direction`. Outbound
// series name both sides (`deployment` → `dst_deployment`). The proxy's own `classification="failure"` (5xx and
// gRPC errors by default, or a ServiceProfile's response classes) is a failure; of the rest, 4xx `status_code`s
// and non-OK `grpc_status`es are client errors (shared/outcome.ts).
// Requests from outside the mesh show only as inbound series without a client identity (`client_id=""`).
import { INTERNET, type Call } from '../model';
import { byClause, checkDuration, checkRegionLabels, label } from './answer';
import { grpcOutcome, httpOutcome, worst } from '../outcome';
import { CallTable, regionOf, type SamplePart } from './call-table';
import type { Preset, PresetAnswers, PresetOptions, PresetQuery, RegionLabels, VectorSample } from './preset';

function regionLabels(options: PresetOptions): RegionLabels | undefined {
  return checkRegionLabels(options.regionLabels, undefined);
}

function queries(options: PresetOptions): PresetQuery[] {
  const window = checkDuration(options.rateWindow);
  const regions = regionLabels(options);
  const outbound = byClause([
    'deployment',
    'namespace',
    'dst_deployment',
    'dst_namespace',
    'dst_service',
    regions?.source,
    regions?.destination,
  ]);
  // An inbound series is recorded by the server's proxy: its region may be under either label name.
  const inbound = byClause(['deployment', 'namespace', regions?.destination, regions?.source]);
  const out = `direction="outbound"`;
  // `label=""` also matches series without the label (PromQL), so this keeps only unidentified callers.
  const inn = `direction="inbound", client_id="", src_deployment=""`;
  // Only the series that are not plainly OK, with what classifies them.
  const notOk = (selector: string, by: string): string =>
    `sum by (${by}, ${OUTCOME_LABELS.join(', ')}) (` +
    `rate(response_total{${selector}, classification="failure"}[${window}])` +
    ` or rate(response_total{${selector}, status_code=~"4.."}[${window}])` +
    ` or rate(response_total{${selector}, grpc_status!~"0|"}[${window}]))`;
  return [
    { id: 'requests', promql: `sum by (${outbound}) (rate(response_total{${out}}[${window}]))` },
    { id: 'outcomes', promql: notOk(out, outbound) },
    { id: 'inbound', promql: `sum by (${inbound}) (rate(response_total{${inn}}[${window}]))` },
    { id: 'inboundOutcomes', promql: notOk(inn, inbound) },
    { id: 'latency', promql: `sum by (${outbound}, le) (rate(response_latency_ms_bucket{${out}}[${window}]))` },
    { id: 'inboundLatency', promql: `sum by (${inbound}, le) (rate(response_latency_ms_bucket{${inn}}[${window}]))` },
  ];
}

type Regions = RegionLabels | undefined;

const OUTCOME_LABELS = ['classification', 'status_code', 'grpc_status'];

type Answer = 'requests' | 'outcomes' | 'latency';

/** What a sample counts; null for an OK series in an outcomes answer. The proxy's classification decides failure. */
function partOf(labels: Readonly<Record<string, string>>, answer: Answer): SamplePart | null {
  if (answer !== 'outcomes') return 'total';
  if (label(labels, 'classification') === 'failure') return 'danger';
  const code = worst(httpOutcome(label(labels, 'status_code')), grpcOutcome(label(labels, 'grpc_status')));
  return code === 'normal' ? null : 'warning';
}

/** A bucket's bound in ms, or NaN for a non-latency answer or an unreadable `le`. */
function boundOf(table: CallTable, labels: Readonly<Record<string, string>>, answer: Answer): number {
  return answer === 'latency' ? table.bound(label(labels, 'le'), 1) : NaN;
}

function readOutbound(table: CallTable, samples: readonly VectorSample[], regions: Regions, fallback: string, answer: Answer): void {
  table.each(samples, (labels, rate) => {
    const source = label(labels, 'deployment');
    const part = partOf(labels, answer);
    const le = boundOf(table, labels, answer);
    if (source === '' || part === null || (answer === 'latency' && Number.isNaN(le))) return;
    // A destination outside the mesh has no deployment: name it after the service it called.
    const destination = label(labels, 'dst_deployment') || label(labels, 'dst_service') || 'unknown';
    const sourceLabel = label(labels, regions?.source);
    const destinationLabel = label(labels, regions?.destination);
    const entry = table.entry(
      regionOf(sourceLabel, destinationLabel, fallback),
      source,
      label(labels, 'namespace'),
      regionOf(destinationLabel, sourceLabel, fallback),
      destination,
      label(labels, 'dst_namespace'),
    );
    if (answer === 'latency') table.addBucket(entry, 0, le, rate);
    else table.add(entry, 0, rate, part, labels);
  });
}

function readInbound(table: CallTable, samples: readonly VectorSample[], regions: Regions, fallback: string, answer: Answer): void {
  table.each(samples, (labels, rate) => {
    // Outbound series are dropped here in case a custom relabelling left them in: they are counted above.
    if (label(labels, 'client_id') !== '' || label(labels, 'src_deployment') !== '') return;
    const destination = label(labels, 'deployment');
    const part = partOf(labels, answer);
    const le = boundOf(table, labels, answer);
    if (destination === '' || part === null || (answer === 'latency' && Number.isNaN(le))) return;
    const region = regionOf(label(labels, regions?.destination), label(labels, regions?.source), fallback);
    const entry = table.entry(INTERNET, INTERNET, '', region, destination, label(labels, 'namespace'));
    if (answer === 'latency') table.addBucket(entry, 0, le, rate);
    else table.add(entry, 0, rate, part, labels);
  });
}

function normalise(answers: PresetAnswers, options: PresetOptions): Call[] {
  const regions = regionLabels(options);
  const table = new CallTable(options.tally);
  const fallback = options.sourceName;
  readOutbound(table, answers.requests ?? [], regions, fallback, 'requests');
  readOutbound(table, answers.outcomes ?? [], regions, fallback, 'outcomes');
  readOutbound(table, answers.latency ?? [], regions, fallback, 'latency');
  readInbound(table, answers.inbound ?? [], regions, fallback, 'requests');
  readInbound(table, answers.inboundOutcomes ?? [], regions, fallback, 'outcomes');
  readInbound(table, answers.inboundLatency ?? [], regions, fallback, 'latency');
  return table.calls();
}

export const linkerd: Preset = { name: 'linkerd', probeMetric: 'response_total', queries, normalise };
