// OpenTelemetry Collector servicegraph connector / Tempo metrics-generator service graphs
// (github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/connector/servicegraphconnector):
// `traces_service_graph_request_total` and `..._failed_total` (a subset), `client` → `server`; dimensions are
// prefixed `client_` / `server_`, so `cloud.region` becomes `client_cloud_region` / `server_cloud_region`.
import { INTERNET, type Call } from '../model';
import { CallTable, regionOf } from './call-table';
import { byClause, checkDuration, checkRegionLabels, forEachSample, label } from './answer';
import type { Preset, PresetAnswers, PresetOptions, PresetQuery, RegionLabels, VectorSample } from './preset';

export const SERVICEGRAPH_REGION_LABELS: RegionLabels = { source: 'client_cloud_region', destination: 'server_cloud_region' };

// The connector names an uninstrumented caller `user`; `enable_virtual_node_label` adds `virtual_node` =
// `client` | `server` (the uninstrumented side). Without it, a `connection_type="virtual_node"` edge's virtual
// side must be told from the labels: a virtual *server* is an external system named after a peer attribute
// (peer.service, db.name, server.address) called by a real, instrumented client.
const USER = 'user';
const VIRTUAL_NODE = 'virtual_node';

function regionLabels(options: PresetOptions): RegionLabels {
  return checkRegionLabels(options.regionLabels, SERVICEGRAPH_REGION_LABELS);
}

function queries(options: PresetOptions): PresetQuery[] {
  const window = checkDuration(options.rateWindow);
  const regions = regionLabels(options);
  const by = byClause(['client', 'server', 'connection_type', VIRTUAL_NODE, regions.source, regions.destination]);
  // Some connector versions mark failures with a `failed` label on the total instead of a `_failed_total`.
  const failed =
    `sum by (${by}) (rate(traces_service_graph_request_failed_total[${window}]))` +
    ` or sum by (${by}) (rate(traces_service_graph_request_total{failed="true"}[${window}]))`;
  return [
    { id: 'requests', promql: `sum by (${by}) (rate(traces_service_graph_request_total[${window}]))` },
    { id: 'failures', promql: failed },
    // Seconds, as the server saw it; older connector versions had one client+server `request_duration_seconds`.
    {
      id: 'latency',
      promql:
        `sum by (${by}, le) (rate(traces_service_graph_request_server_seconds_bucket[${window}]))` +
        ` or sum by (${by}, le) (rate(traces_service_graph_request_duration_seconds_bucket[${window}]))`,
    },
  ];
}

type Labels = Readonly<Record<string, string>>;

/** Names that are instrumented somewhere in the answer: either end of a plain edge, the real end of a virtual one. */
function instrumentedNames(samples: readonly VectorSample[]): Set<string> {
  const names = new Set<string>();
  forEachSample(samples, (labels) => {
    const side = label(labels, VIRTUAL_NODE);
    const virtual = label(labels, 'connection_type') === VIRTUAL_NODE;
    if (!virtual || side === 'client') names.add(label(labels, 'server'));
    if ((!virtual || side === 'server') && label(labels, 'client') !== USER) names.add(label(labels, 'client'));
  });
  names.delete('');
  return names;
}

/** Whether the client end is outside what is traced (the INTERNET); a virtual server keeps its real client. */
function clientIsVirtual(labels: Labels, clientRegion: string, serverRegion: string, instrumented: () => Set<string>): boolean {
  const client = label(labels, 'client');
  if (client === '' || client === USER) return true;
  const side = label(labels, VIRTUAL_NODE);
  if (side === 'client') return true;
  if (side === 'server' || label(labels, 'connection_type') !== VIRTUAL_NODE) return false;
  // Only the instrumented side carries resource attributes, such as its region.
  if (clientRegion !== '') return false;
  if (serverRegion !== '') return true;
  const names = instrumented();
  return names.has(label(labels, 'server')) && !names.has(client);
}

type Answer = 'requests' | 'failures' | 'latency';

function read(table: CallTable, samples: readonly VectorSample[], regions: RegionLabels, fallback: string, answer: Answer, instrumented: () => Set<string>): void {
  table.each(samples, (labels, rate) => {
    const le = answer === 'latency' ? table.bound(label(labels, 'le'), 1000) : NaN;
    if (answer === 'latency' && Number.isNaN(le)) return;
    const client = label(labels, 'client');
    const server = label(labels, 'server') || 'unknown';
    const clientRegion = label(labels, regions.source);
    const serverLabel = label(labels, regions.destination);
    const fromOutside = clientIsVirtual(labels, clientRegion, serverLabel, instrumented);
    // A server without a region (a database or other virtual server node) is in its client's region.
    const serverRegion = regionOf(serverLabel, fromOutside ? '' : clientRegion, fallback);
    const entry = fromOutside
      ? table.entry(INTERNET, INTERNET, '', serverRegion, server, '')
      : table.entry(regionOf(clientRegion, serverLabel, fallback), client, '', serverRegion, server, '');
    if (answer === 'latency') table.addBucket(entry, 0, le, rate);
    else table.add(entry, 0, rate, answer === 'failures' ? 'danger' : 'total', labels);
  });
}

function normalise(answers: PresetAnswers, options: PresetOptions): Call[] {
  const regions = regionLabels(options);
  const table = new CallTable(options.tally);
  const requests = answers.requests ?? [];
  let names: Set<string> | null = null;
  const instrumented = (): Set<string> => (names ??= instrumentedNames(requests));
  read(table, requests, regions, options.sourceName, 'requests', instrumented);
  read(table, answers.failures ?? [], regions, options.sourceName, 'failures', instrumented);
  read(table, answers.latency ?? [], regions, options.sourceName, 'latency', instrumented);
  return table.calls();
}

export const servicegraph: Preset = { name: 'servicegraph', probeMetric: 'traces_service_graph_request_total', queries, normalise };
