// Reading the Prometheus HTTP API's instant-query answer (prometheus.io/docs/prometheus/latest/querying/api/):
// `{status: "success", data: {resultType: "vector", result: [{metric, value: [ts, "str"]}]}}`.
import { PresetConfigError, type RegionLabels, type VectorSample } from './preset';

/** An answer that is not a successful instant vector; the message is short enough for /healthz. */
export class PrometheusAnswerError extends Error {
  override name = 'PrometheusAnswerError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the envelope of one answer and returns its samples. Each sample's own shape is checked lazily by
 * `sampleRate`/`labelsOf` in the normaliser's single pass, so a 100k-series answer is walked once.
 */
export function readVector(raw: unknown): readonly VectorSample[] {
  if (!isObject(raw)) throw new PrometheusAnswerError('answer is not a JSON object');
  if (raw.status === 'error') {
    const type = typeof raw.errorType === 'string' ? `${raw.errorType}: ` : '';
    const error = typeof raw.error === 'string' ? raw.error : 'no error message';
    throw new PrometheusAnswerError(`query failed: ${type}${error}`);
  }
  if (raw.status !== 'success') throw new PrometheusAnswerError(`unexpected status ${JSON.stringify(raw.status)}`);
  const data = raw.data;
  if (!isObject(data)) throw new PrometheusAnswerError('answer has no "data" object');
  if (data.resultType !== 'vector') {
    throw new PrometheusAnswerError(`expected resultType "vector", got ${JSON.stringify(data.resultType)}`);
  }
  if (!Array.isArray(data.result)) throw new PrometheusAnswerError('answer has no "data.result" array');
  return data.result as readonly VectorSample[];
}

/**
 * A sample's value as a finite, non-negative number, or NaN when it is missing, malformed, NaN, ±Inf or
 * negative (a counter reset artefact): such series are skipped, not counted as zero traffic.
 */
export function sampleRate(sample: VectorSample): number {
  // `?.`: one `null` in a result array is one bad series, not a failed source.
  const value = (sample as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) return NaN;
  const text: unknown = value[1];
  const n = typeof text === 'string' ? Number(text) : typeof text === 'number' ? text : NaN;
  return Number.isFinite(n) && n >= 0 && text !== '' ? n : NaN;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** The sample's labels, or none when the `metric` field is malformed. */
export function labelsOf(sample: VectorSample): Readonly<Record<string, string>> {
  const metric = (sample as { metric?: unknown } | null)?.metric;
  return isObject(metric) ? (metric as Record<string, string>) : NO_LABELS;
}

/** A label's value as a string; absent, empty or non-string reads as ''. */
export function label(labels: Readonly<Record<string, string>>, name: string | undefined): string {
  if (name === undefined) return '';
  const value: unknown = labels[name];
  return typeof value === 'string' ? value : '';
}

// PromQL identifiers and durations (prometheus.io/docs/prometheus/latest/querying/basics/): checked before they
// are pasted into a query, so a typo in the config fails at start-up, not as a parse error on every poll.
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

export function checkLabelName(name: string, what: string): string {
  if (!LABEL_NAME.test(name)) throw new PresetConfigError(`${what}: "${name}" is not a valid Prometheus label name`);
  return name;
}

/** The configured region labels, or the preset's defaults, checked as label names. */
export function checkRegionLabels<D extends RegionLabels | undefined>(labels: RegionLabels | undefined, defaults: D): RegionLabels | D {
  const chosen = labels ?? defaults;
  if (chosen === undefined) return defaults;
  checkLabelName(chosen.source, 'regionLabels.source');
  checkLabelName(chosen.destination, 'regionLabels.destination');
  return chosen;
}

export function checkDuration(window: string): string {
  if (!DURATION.test(window)) throw new PresetConfigError(`rateWindow: "${window}" is not a PromQL duration such as 1m or 30s`);
  return window;
}

/** `a, b, c` for a `by (...)` clause, without duplicates or empty names. */
export function byClause(labels: readonly (string | undefined)[]): string {
  const seen: string[] = [];
  for (const name of labels) if (name && !seen.includes(name)) seen.push(name);
  return seen.join(', ');
}

/** Visits every sample with a numeric value, with its labels and rate; NaN samples (no data) are skipped. */
export function forEachSample(samples: readonly VectorSample[], visit: (labels: Readonly<Record<string, string>>, rate: number) => void): void {
  for (let i = 0, n = samples.length; i < n; i++) {
    const sample = samples[i]!;
    const rate = sampleRate(sample);
    if (!Number.isNaN(rate)) visit(labelsOf(sample), rate);
  }
}
