// What a Prometheus preset is: the instant queries to run, and a pure normaliser from their answers to calls.
// The source (electron/hub/sources/prometheus.ts) does the I/O; everything here is pure and testable.
import type { Call } from '../model';
import type { SampleTally } from './answer';

export type PresetName = 'istio' | 'linkerd' | 'servicegraph' | 'custom';

/** Which label names the region of each side of a call. */
export interface RegionLabels {
  source: string;
  destination: string;
}

/** The user's own PromQL for the `custom` preset, and the labels that name each side of a call. */
export interface CustomPresetOptions {
  /** Requests per second (all outcomes), one series per call. */
  requests: string;
  /** Failed requests per second, a subset of `requests`; absent: nothing counts as failed. */
  failures?: string;
  sourceLabel: string;
  destinationLabel: string;
  sourceRegionLabel?: string;
  destinationRegionLabel?: string;
}

export interface PresetOptions {
  /** The configured source name: the region of calls whose region no label tells. */
  sourceName: string;
  /** A PromQL duration for `rate()`, e.g. `1m`. */
  rateWindow: string;
  /** Overrides the preset's default region labels. */
  regionLabels?: RegionLabels;
  custom?: CustomPresetOptions;
  /** Counts what the answers held that could not be counted; the source reports it. */
  tally?: SampleTally;
}

/** One instant query: `id` names its answer for the normaliser. */
export interface PresetQuery {
  id: string;
  promql: string;
}

/** One sample of an instant vector, in the Prometheus HTTP API's shape. */
export interface VectorSample {
  metric: Readonly<Record<string, string>>;
  value: readonly [number, string];
}

/** The `data.result` of each query's answer, by query id. A missing id reads as an empty vector. */
export type PresetAnswers = Readonly<Record<string, readonly VectorSample[]>>;

export interface Preset {
  readonly name: PresetName;
  /** The counter whose raw samples tell the scrape interval for `rateWindow: auto`; none: the queries are the user's. */
  readonly probeMetric?: string;
  queries(options: PresetOptions): PresetQuery[];
  normalise(answers: PresetAnswers, options: PresetOptions): Call[];
}

/** A preset configured with options it cannot use (a bad label name, duration or a missing query). */
export class PresetConfigError extends Error {
  override name = 'PresetConfigError';
}
