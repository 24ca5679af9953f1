// Backfill for a Prometheus source: the same preset queries as its polls, asked as `query_range` over a
// span at the poll interval, each step normalised as the instant answer it would have been.
import type { SourceBatch } from '../../../shared/model';
import { PrometheusAnswerError, type PresetQuery, type VectorSample } from '../../../shared/presets/index';
import { rangeWindows, vectorsByStep } from '../../../shared/timeline/range-answer';
import { describeFailure } from './http-failure';
import { SourceError } from './source';

/** Prometheus refuses more than 11,000 points per series in one range query; stay well under it. */
const MAX_STEPS_PER_REQUEST = 10_000;
/** And keep each answer's size sane for a big mesh: at most this many steps per request. */
const STEPS_PER_REQUEST = 720;

export interface RangeQueryContext {
  name: string;
  /** The `api/v1/query_range` URL. */
  url: URL;
  headers: Record<string, string>;
  fetch: typeof fetch;
  queries: readonly PresetQuery[];
  normalise: (answers: Record<string, readonly VectorSample[]>) => SourceBatch['calls'];
  timeoutMs: number;
}

/**
 * Polls [from, to] (epoch ms) at `stepMs`, newest window first, handing each window's batches (oldest first)
 * to `onBatches` as it arrives. Steps where no query had any series are left out: no data, not zero.
 */
export async function pollPrometheusRange(
  context: RangeQueryContext,
  signal: AbortSignal,
  range: { from: number; to: number; stepMs: number },
  onBatches: (batches: SourceBatch[]) => void,
): Promise<void> {
  const step = Math.max(1, Math.round(range.stepMs / 1000));
  // Steps on multiples of the interval, as live polls fall: the record then looks the same either way.
  const start = Math.ceil(range.from / 1000 / step) * step;
  const end = Math.floor(range.to / 1000 / step) * step;
  for (const window of rangeWindows(start, end, step, Math.min(MAX_STEPS_PER_REQUEST, STEPS_PER_REQUEST))) {
    signal.throwIfAborted();
    const byTime = new Map<number, Record<string, VectorSample[]>>();
    for (const query of context.queries) {
      for (const { time, samples } of await rangeQuery(context, query, window.start, window.end, step, signal)) {
        let answers = byTime.get(time);
        if (!answers) byTime.set(time, (answers = {}));
        answers[query.id] = samples;
      }
    }
    const batches: SourceBatch[] = [];
    for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
      const answers = byTime.get(time)!;
      let seriesRead = 0;
      for (const query of context.queries) seriesRead += (answers[query.id] ??= []).length;
      batches.push({ source: context.name, sampledAt: time * 1000, calls: context.normalise(answers), seriesRead });
    }
    if (batches.length > 0) onBatches(batches);
  }
}

async function rangeQuery(context: RangeQueryContext, query: PresetQuery, start: number, end: number, step: number, signal: AbortSignal) {
  const body = new URLSearchParams({ query: query.promql, start: String(start), end: String(end), step: String(step) }).toString();
  const ownTimeout = AbortSignal.timeout(context.timeoutMs);
  const combined = AbortSignal.any([signal, ownTimeout]);
  let text: string;
  let status: number;
  try {
    const response = await context.fetch(context.url, { method: 'POST', headers: context.headers, body, signal: combined });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw describeFailure(error, context.url, ownTimeout.aborted ? 'timeout' : signal.aborted ? 'poller' : null, context.timeoutMs);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SourceError(`Prometheus answered HTTP ${status} with malformed JSON to a range query (query "${query.id}")`);
  }
  try {
    return vectorsByStep(parsed);
  } catch (error) {
    if (error instanceof PrometheusAnswerError) throw new SourceError(`Prometheus range query "${query.id}": ${error.message.slice(0, 200)}`);
    throw error;
  }
}
