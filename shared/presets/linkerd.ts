// Linkerd proxy metrics (linkerd.io/2/reference/proxy-metrics/): `response_total` by `direction`. Outbound
// series name both sides (`deployment` → `dst_deployment`); failures are `classification="failure"`.
// Requests from outside the mesh show only as inbound series without a client identity (`client_id=""`).
import { INTERNET, type Call } from '../model';
import { byClause, checkDuration, checkRegionLabels, forEachSample, label } from './answer';
import { addSample, CallTable, regionOf } from './call-table';
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
  return [
    { id: 'requests', promql: `sum by (${outbound}) (rate(response_total{${out}}[${window}]))` },
    { id: 'failures', promql: `sum by (${outbound}) (rate(response_total{${out}, classification="failure"}[${window}]))` },
    { id: 'inbound', promql: `sum by (${inbound}) (rate(response_total{${inn}}[${window}]))` },
    { id: 'inboundFailures', promql: `sum by (${inbound}) (rate(response_total{${inn}, classification="failure"}[${window}]))` },
  ];
}

type Regions = RegionLabels | undefined;

function readOutbound(table: CallTable, samples: readonly VectorSample[], regions: Regions, fallback: string, failures: boolean): void {
  forEachSample(samples, (labels, rate) => {
    const source = label(labels, 'deployment');
    if (source === '') return;
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
    addSample(entry, 0, rate, failures);
  });
}

function readInbound(table: CallTable, samples: readonly VectorSample[], regions: Regions, fallback: string, failures: boolean): void {
  forEachSample(samples, (labels, rate) => {
    // Outbound series are dropped here in case a custom relabelling left them in: they are counted above.
    if (label(labels, 'client_id') !== '' || label(labels, 'src_deployment') !== '') return;
    const destination = label(labels, 'deployment');
    if (destination === '') return;
    const region = regionOf(label(labels, regions?.destination), label(labels, regions?.source), fallback);
    addSample(table.entry(INTERNET, INTERNET, '', region, destination, label(labels, 'namespace')), 0, rate, failures);
  });
}

function normalise(answers: PresetAnswers, options: PresetOptions): Call[] {
  const regions = regionLabels(options);
  const table = new CallTable();
  const fallback = options.sourceName;
  readOutbound(table, answers.requests ?? [], regions, fallback, false);
  readOutbound(table, answers.failures ?? [], regions, fallback, true);
  readInbound(table, answers.inbound ?? [], regions, fallback, false);
  readInbound(table, answers.inboundFailures ?? [], regions, fallback, true);
  return table.calls();
}

export const linkerd: Preset = { name: 'linkerd', queries, normalise };
