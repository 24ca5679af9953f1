// The `rate()` window from the data itself, as Grafana's $__rate_interval does: four times the scrape interval,
// the shortest window that always holds enough samples for rate() to extrapolate right, so a traffic shift or a
// new series reads right about four scrapes after it happens. The interval is the spacing of one series' raw
// samples, read with a range selector in an instant query: any PromQL backend answers it, no admin API needed.
import { PrometheusAnswerError } from './answer';
import type { RateWindowInfo } from '../model';

export type { RateWindowInfo };

/** Used until (and whenever) the scrape interval cannot be found in the data. */
export const FALLBACK_RATE_WINDOW = '1m';
/** How far back the probe looks: enough samples at any scrape interval up to a few minutes. */
export const PROBE_RANGE = '10m';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a successful answer's envelope and returns its `data.result` if it is of `resultType`. */
function resultOf(raw: unknown, resultType: 'vector' | 'matrix'): unknown[] {
  if (!isObject(raw) || raw.status !== 'success' || !isObject(raw.data)) {
    const error = isObject(raw) && typeof raw.error === 'string' ? `: ${raw.error}` : '';
    throw new PrometheusAnswerError(`query failed${error}`);
  }
  if (raw.data.resultType !== resultType || !Array.isArray(raw.data.result)) {
    throw new PrometheusAnswerError(`expected a ${resultType}, got ${JSON.stringify(raw.data.resultType)}`);
  }
  return raw.data.result;
}

/** PromQL string literal (prometheus.io/docs/prometheus/latest/querying/basics/#string-literals). */
function quote(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

/** Step one: `topk(1, metric)`, one live series of the metric (the busiest: steadily scraped, not churning). */
export function seriesProbe(metric: string): string {
  return `topk(1, ${metric})`;
}

/**
 * Step two: that series' raw samples over `PROBE_RANGE`, from step one's answer. Null when the metric has no
 * series yet (a fresh Prometheus, a mesh without traffic).
 */
export function samplesProbe(seriesAnswer: unknown): string | null {
  const selector = seriesSelector(seriesAnswer);
  return selector === null ? null : `${selector}[${PROBE_RANGE}]`;
}

/** The selector of step one's series (`{__name__="…", job="…", …}`), or null when it found none. */
export function seriesSelector(seriesAnswer: unknown): string | null {
  const result = resultOf(seriesAnswer, 'vector');
  const metric = result.map((s) => (isObject(s) ? s.metric : undefined)).find(isObject);
  if (metric === undefined) return null;
  const matchers = Object.entries(metric)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(entry[0]))
    .map(([name, value]) => `${name}=${quote(value)}`);
  if (matchers.length === 0) return null;
  return `{${matchers.join(', ')}}`;
}

/**
 * Whether the rate window is full, from the probed series' raw samples over the window (`selector[window]`
 * evaluated at `timeSeconds`): rate() extrapolates to the window's start only when its first sample lies
 * within 1.1 scrape intervals of it, so a window that starts before the series' first sample (a fresh server,
 * a new target) or before the end of a scrape gap reads low. Returns the epoch ms from which the window will
 * be full, or null when it is full now. No samples at all: filling until a whole window after `timeSeconds`.
 */
export function windowFillingUntil(samplesAnswer: unknown, timeSeconds: number, windowSeconds: number, intervalSeconds: number): number | null {
  let first = Infinity;
  for (const series of resultOf(samplesAnswer, 'matrix')) {
    const values = isObject(series) && Array.isArray(series.values) ? series.values : [];
    for (const v of values) {
      const t = Array.isArray(v) ? Number(v[0]) : NaN;
      if (Number.isFinite(t) && t < first) first = t;
    }
  }
  if (first === Infinity) return Math.round((timeSeconds + windowSeconds) * 1000);
  const until = first + windowSeconds - 1.1 * intervalSeconds;
  return until > timeSeconds ? Math.round(until * 1000) : null;
}

/**
 * The scrape interval in seconds from step two's matrix: the median spacing of the longest series' samples
 * (robust to a missed or late scrape), rounded to the millisecond. Null with fewer than three samples.
 */
export function scrapeIntervalOf(samplesAnswer: unknown): number | null {
  let longest: number[] = [];
  for (const series of resultOf(samplesAnswer, 'matrix')) {
    const values = isObject(series) && Array.isArray(series.values) ? series.values : [];
    const times = values.map((v) => (Array.isArray(v) ? Number(v[0]) : NaN)).filter(Number.isFinite);
    if (times.length > longest.length) longest = times;
  }
  if (longest.length < 3) return null;
  const gaps: number[] = [];
  for (let i = 1; i < longest.length; i++) {
    const gap = longest[i]! - longest[i - 1]!;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length < 2) return null;
  gaps.sort((a, b) => a - b);
  return Math.round(gaps[Math.floor(gaps.length / 2)]! * 1000) / 1000;
}

/**
 * Four scrape intervals as a PromQL duration. Whole seconds from a 1 s interval up (jitter of a few ms must not
 * make `4.004s`), milliseconds below.
 */
export function rateWindowFor(scrapeIntervalSeconds: number): string {
  if (scrapeIntervalSeconds >= 1) return `${4 * Math.round(scrapeIntervalSeconds)}s`;
  return `${Math.max(4, 4 * Math.round(scrapeIntervalSeconds * 1000))}ms`;
}
