// OpenTelemetry Collector servicegraph connector / Tempo metrics-generator service graphs
// (github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/connector/servicegraphconnector):
// `traces_service_graph_request_total` and `..._failed_total` (a subset), `client` → `server`; dimensions are
// prefixed `client_` / `server_`, so `cloud.region` becomes `client_cloud_region` / `server_cloud_region`.
import { INTERNET, type Call } from '../model';
import { addSample, CallTable, regionOf } from './call-table';
import { byClause, checkDuration, checkRegionLabels, forEachSample, label } from './answer';
import type { Preset, PresetAnswers, PresetOptions, PresetQuery, RegionLabels, VectorSample } from './preset';

export const SERVICEGRAPH_REGION_LABELS: RegionLabels = { source: 'client_cloud_region', destination: 'server_cloud_region' };

// The connector names an uninstrumented caller `user` (or after a peer attribute, as a virtual node).
const USER = 'user';
const VIRTUAL_NODE = 'virtual_node';

function regionLabels(options: PresetOptions): RegionLabels {
  return checkRegionLabels(options.regionLabels, SERVICEGRAPH_REGION_LABELS);
}

function queries(options: PresetOptions): PresetQuery[] {
  const window = checkDuration(options.rateWindow);
  const regions = regionLabels(options);
  const by = byClause(['client', 'server', 'connection_type', regions.source, regions.destination]);
  return [
    { id: 'requests', promql: `sum by (${by}) (rate(traces_service_graph_request_total[${window}]))` },
    { id: 'failures', promql: `sum by (${by}) (rate(traces_service_graph_request_failed_total[${window}]))` },
  ];
}

function read(table: CallTable, samples: readonly VectorSample[], regions: RegionLabels, fallback: string, failures: boolean): void {
  forEachSample(samples, (labels, rate) => {
    const client = label(labels, 'client');
    const server = label(labels, 'server') || 'unknown';
    const clientRegion = label(labels, regions.source);
    const serverLabel = label(labels, regions.destination);
    const fromOutside =
      client === '' || client === USER || (clientRegion === '' && label(labels, 'connection_type') === VIRTUAL_NODE);
    // A server without a region (a database or other virtual server node) is in its client's region.
    const serverRegion = regionOf(serverLabel, fromOutside ? '' : clientRegion, fallback);
    const entry = fromOutside
      ? table.entry(INTERNET, INTERNET, '', serverRegion, server, '')
      : table.entry(regionOf(clientRegion, serverLabel, fallback), client, '', serverRegion, server, '');
    addSample(entry, 0, rate, failures);
  });
}

function normalise(answers: PresetAnswers, options: PresetOptions): Call[] {
  const regions = regionLabels(options);
  const table = new CallTable();
  read(table, answers.requests ?? [], regions, options.sourceName, false);
  read(table, answers.failures ?? [], regions, options.sourceName, true);
  return table.calls();
}

export const servicegraph: Preset = { name: 'servicegraph', queries, normalise };
