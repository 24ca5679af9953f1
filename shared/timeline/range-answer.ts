// A Prometheus `query_range` answer (`resultType: "matrix"`, prometheus.io/docs/prometheus/latest/querying/api/#range-queries)
// turned into one instant-vector answer per step, so that a preset's normaliser, written for instant
// queries, reads a backfilled step exactly as it would have read a live poll at that instant.
import { PrometheusAnswerError } from '../presets/answer';
import type { VectorSample } from '../presets/preset';

export interface StepVector {
  /** Evaluation time, epoch seconds. */
  time: number;
  samples: VectorSample[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The answer's series regrouped by evaluation time, oldest first. Only steps at which some series had a
 * value appear (a step with no series is "no data", not zero traffic). Malformed points are skipped.
 */
export function vectorsByStep(raw: unknown): StepVector[] {
  if (!isObject(raw)) throw new PrometheusAnswerError('answer is not a JSON object');
  if (raw.status === 'error') {
    const type = typeof raw.errorType === 'string' ? `${raw.errorType}: ` : '';
    throw new PrometheusAnswerError(`query failed: ${type}${typeof raw.error === 'string' ? raw.error : 'no error message'}`);
  }
  if (raw.status !== 'success') throw new PrometheusAnswerError(`unexpected status ${JSON.stringify(raw.status)}`);
  const data = raw.data;
  if (!isObject(data)) throw new PrometheusAnswerError('answer has no "data" object');
  if (data.resultType !== 'matrix') throw new PrometheusAnswerError(`expected resultType "matrix", got ${JSON.stringify(data.resultType)}`);
  if (!Array.isArray(data.result)) throw new PrometheusAnswerError('answer has no "data.result" array');
  const steps = new Map<number, VectorSample[]>();
  for (const series of data.result as unknown[]) {
    if (!isObject(series) || !isObject(series.metric) || !Array.isArray(series.values)) continue;
    const metric = series.metric as Record<string, string>;
    for (const point of series.values as unknown[]) {
      if (!Array.isArray(point) || typeof point[0] !== 'number' || !Number.isFinite(point[0])) continue;
      const time = point[0];
      let samples = steps.get(time);
      if (!samples) steps.set(time, (samples = []));
      samples.push({ metric, value: [time, point[1] as string] });
    }
  }
  return [...steps.entries()].sort((a, b) => a[0] - b[0]).map(([time, samples]) => ({ time, samples }));
}

/**
 * Splits [from, to] (epoch seconds) into windows of at most `maxSteps` steps each, newest window first, so
 * that no request asks Prometheus for more than its 11,000 points per series, and the nearest past lands first.
 */
export function rangeWindows(from: number, to: number, stepSeconds: number, maxSteps: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  if (!(stepSeconds > 0) || to < from) return out;
  const span = stepSeconds * (Math.max(1, Math.floor(maxSteps)) - 1);
  let end = to;
  while (end >= from) {
    const start = Math.max(from, end - span);
    out.push({ start, end });
    end = start - stepSeconds;
  }
  return out;
}
