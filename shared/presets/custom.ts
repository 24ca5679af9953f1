// The user's own PromQL: one instant vector of requests per second per call (all outcomes) and optionally one of
// failed requests per second (a subset), with the label names that tell each side's service and region.
import { INTERNET, type Call } from '../model';
import { CallTable, regionOf } from './call-table';
import { checkLabelName, label } from './answer';
import {
  PresetConfigError,
  type CustomPresetOptions,
  type Preset,
  type PresetAnswers,
  type PresetOptions,
  type PresetQuery,
  type VectorSample,
} from './preset';

interface CustomLabels {
  source: string;
  destination: string;
  sourceRegion: string | undefined;
  destinationRegion: string | undefined;
}

function settings(options: PresetOptions): { custom: CustomPresetOptions; labels: CustomLabels } {
  const custom = options.custom;
  if (custom === undefined || custom.requests.trim() === '') {
    throw new PresetConfigError('custom preset: needs custom.requests (PromQL for requests per second per call)');
  }
  const sourceRegion = custom.sourceRegionLabel ?? options.regionLabels?.source;
  const destinationRegion = custom.destinationRegionLabel ?? options.regionLabels?.destination;
  const labels: CustomLabels = {
    source: checkLabelName(custom.sourceLabel, 'custom.sourceLabel'),
    destination: checkLabelName(custom.destinationLabel, 'custom.destinationLabel'),
    sourceRegion: sourceRegion === undefined ? undefined : checkLabelName(sourceRegion, 'custom.sourceRegionLabel'),
    destinationRegion: destinationRegion === undefined ? undefined : checkLabelName(destinationRegion, 'custom.destinationRegionLabel'),
  };
  return { custom, labels };
}

// The user's queries run as written: the rate window and grouping are theirs to choose.
function queries(options: PresetOptions): PresetQuery[] {
  const { custom } = settings(options);
  const out: PresetQuery[] = [{ id: 'requests', promql: custom.requests }];
  if (custom.failures !== undefined && custom.failures.trim() !== '') out.push({ id: 'failures', promql: custom.failures });
  return out;
}

function read(table: CallTable, samples: readonly VectorSample[], labels: CustomLabels, fallback: string, failures: boolean): void {
  table.each(samples, (metric, rate) => {
    const source = label(metric, labels.source);
    const destination = label(metric, labels.destination) || 'unknown';
    const destinationLabel = label(metric, labels.destinationRegion);
    // A call without a caller label has no caller inside what the query can see: it comes from outside.
    if (source === '' || source === INTERNET) {
      table.add(table.entry(INTERNET, INTERNET, '', regionOf(destinationLabel, '', fallback), destination, ''), 0, rate, failures ? 'danger' : 'total', metric);
      return;
    }
    const sourceLabel = label(metric, labels.sourceRegion);
    const entry = table.entry(
      regionOf(sourceLabel, destinationLabel, fallback),
      source,
      '',
      regionOf(destinationLabel, sourceLabel, fallback),
      destination,
      '',
    );
    table.add(entry, 0, rate, failures ? 'danger' : 'total', metric);
  });
}

function normalise(answers: PresetAnswers, options: PresetOptions): Call[] {
  const { labels } = settings(options);
  const table = new CallTable(options.tally);
  read(table, answers.requests ?? [], labels, options.sourceName, false);
  read(table, answers.failures ?? [], labels, options.sourceName, true);
  return table.calls();
}

export const custom: Preset = { name: 'custom', queries, normalise };
