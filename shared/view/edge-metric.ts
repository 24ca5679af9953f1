// What the number on each edge says: requests/s (with the error % and latency where there is room for
// them, as before), the error %, or the p95 latency. A key cycles them (renderer keymap `m`).
import { errorRatio, totalRate } from '../model';
import { formatPercent, formatRps } from './palette';
import type { ViewEdge } from './view-model';

export type EdgeMetric = 'rps' | 'errors' | 'p95';
export const EDGE_METRICS: readonly EdgeMetric[] = ['rps', 'errors', 'p95'];

/** The metric after `metric` in the cycle rps → error % → p95 → rps. */
export function nextEdgeMetric(metric: EdgeMetric): EdgeMetric {
  return EDGE_METRICS[(EDGE_METRICS.indexOf(metric) + 1) % EDGE_METRICS.length]!;
}

/** How the legend names it. */
export function edgeMetricName(metric: EdgeMetric): string {
  return metric === 'rps' ? 'requests/s' : metric === 'errors' ? 'error %' : 'p95 latency';
}

function ms(value: number): string {
  return value < 10 ? `${+value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/**
 * The label of one edge under `metric`. p95 comes from the call's buckets where it has them, else the
 * source's own latency figure; where nothing is known it says so ("p95 —"), never 0.
 */
export function edgeMetricText(edge: Pick<ViewEdge, 'rate' | 'latencyMs' | 'latency'>, metric: EdgeMetric): string {
  const total = totalRate(edge.rate);
  if (metric === 'errors') return total > 0 ? `${formatPercent(errorRatio(edge.rate))} err` : 'idle';
  if (metric === 'p95') {
    const p95 = edge.latency?.p95 ?? edge.latencyMs;
    return p95 === undefined ? 'p95 —' : `p95 ${ms(p95)}`;
  }
  // A connection with no requests at all is idle, not "0 rps" (which reads like a rounding of a trickle).
  let text = total > 0 ? formatRps(total) + ' rps' : 'idle';
  if (edge.rate.danger > 0) text += ' · ' + formatPercent(errorRatio(edge.rate));
  if (edge.latencyMs !== undefined) text += ' · ' + Math.round(edge.latencyMs) + ' ms';
  return text;
}
