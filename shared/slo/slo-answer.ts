// Reading the SLO queries' answers into good/total per window. Availability: good = not a server failure
// (HTTP 5xx, no response `0`, the gRPC server codes; linkerd `classification="failure"`; servicegraph
// `_failed_total`), as the graph's `danger` counts them; client errors (4xx) do not spend the budget.
// Latency: good = at most the threshold, read off the cumulative buckets by linear interpolation.
import { label, labelsOf, sampleRate } from '../presets/answer';
import type { VectorSample } from '../presets/preset';
import type { WindowCount } from './burn-rate';
import { durationSeconds } from './duration';
import { PART_LABEL, WINDOW_LABEL, type SloPreset } from './slo-queries';
import type { SloKind } from './report';

// gRPC codes that are the server's fault (OpenTelemetry semantic conventions for RPC spans).
const GRPC_SERVER_FAILURES = new Set(['2', '4', '12', '13', '14', '15']);

export function isServerFailure(responseCode: string, grpcStatus: string): boolean {
  if (responseCode === '0' || /^5\d\d$/.test(responseCode)) return true;
  return GRPC_SERVER_FAILURES.has(grpcStatus);
}

// Istio reporters by preference, as the istio preset counts a call: destination, waypoint, source.
const REPORTERS = ['destination', 'waypoint', 'source', ''];

interface Tally {
  good: number;
  total: number;
  /** Latency: cumulative count per bucket bound. */
  buckets?: Map<number, number>;
}

function bound(le: string): number {
  return le === '+Inf' ? Infinity : Number(le);
}

/**
 * Requests at or under `threshold` from cumulative buckets (bound → count), interpolating linearly inside
 * the bucket that holds it, as histogram_quantile does; above the largest finite bound nothing more is
 * known, so those requests count as slow.
 */
export function goodFromBuckets(buckets: ReadonlyMap<number, number>, threshold: number): WindowCount {
  const bounds = [...buckets.keys()].filter((b) => Number.isFinite(b)).sort((a, b) => a - b);
  const total = buckets.get(Infinity) ?? (bounds.length ? buckets.get(bounds[bounds.length - 1]!)! : 0);
  let lower = 0;
  let lowerCount = 0;
  for (const upper of bounds) {
    const count = buckets.get(upper)!;
    if (threshold < upper) {
      const share = upper > lower ? (threshold - lower) / (upper - lower) : 1;
      return { good: lowerCount + (count - lowerCount) * Math.max(0, share), total };
    }
    lower = upper;
    lowerCount = count;
  }
  return { good: lowerCount, total };
}

function tallyOf(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) {
    t = { good: 0, total: 0 };
    map.set(key, t);
  }
  return t;
}

/** Good/total per window label from the `counts` answer. Threshold in the metric's own unit (ms or s). */
export function readSloCounts(samples: readonly VectorSample[], preset: SloPreset, kind: SloKind, threshold?: number): Map<string, WindowCount> {
  // window → caller → reporter → tally (istio counts each caller's calls from its best reporter only).
  const byWindow = new Map<string, Map<string, Map<string, Tally>>>();
  for (const sample of samples) {
    const value = sampleRate(sample);
    if (Number.isNaN(value)) continue;
    const labels = labelsOf(sample);
    const window = label(labels, WINDOW_LABEL);
    if (window === '') continue;
    const reporter = preset === 'istio' ? label(labels, 'reporter') : '';
    if (!REPORTERS.includes(reporter)) continue;
    let callers = byWindow.get(window);
    if (!callers) byWindow.set(window, (callers = new Map()));
    const caller = preset === 'istio' ? callerKey(labels) : '';
    let reporters = callers.get(caller);
    if (!reporters) callers.set(caller, (reporters = new Map()));
    const tally = tallyOf(reporters, reporter);
    if (kind === 'latency') {
      const le = bound(label(labels, 'le'));
      if (Number.isNaN(le)) continue;
      (tally.buckets ??= new Map()).set(le, (tally.buckets.get(le) ?? 0) + value);
      continue;
    }
    if (preset === 'servicegraph') {
      const part = label(labels, PART_LABEL);
      if (part === 'total') tally.total += value;
      else if (part === 'failed') tally.good -= value; // good = total − failed, settled below
      continue;
    }
    const failed = preset === 'istio' ? isServerFailure(label(labels, 'response_code'), label(labels, 'grpc_response_status')) : label(labels, 'classification') === 'failure';
    tally.total += value;
    if (!failed) tally.good += value;
  }
  const out = new Map<string, WindowCount>();
  for (const [window, callers] of byWindow) {
    const sum: WindowCount = { good: 0, total: 0 };
    for (const reporters of callers.values()) {
      const best = REPORTERS.find((r) => reporters.has(r));
      const tally = best === undefined ? undefined : reporters.get(best);
      if (!tally) continue;
      if (kind === 'latency') {
        const counted = goodFromBuckets(tally.buckets ?? new Map(), threshold ?? 0);
        sum.good += counted.good;
        sum.total += counted.total;
      } else if (preset === 'servicegraph') {
        sum.total += tally.total;
        sum.good += Math.max(0, tally.total + tally.good);
      } else {
        sum.good += tally.good;
        sum.total += tally.total;
      }
    }
    out.set(window, sum);
  }
  return out;
}

function callerKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .filter((k) => k.startsWith('source_'))
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/**
 * Share of each window that holds data, from the `coverage` answer (the oldest sample time each window's
 * subquery saw). Where the data begins is one instant whatever the window, so the oldest of all answers is
 * used for every window: the short windows see it to within seconds, the long ones only to 1/200 of their
 * length (or not at all when the data is younger than one of their steps). Coverage is (time − oldest) ÷
 * window, 1 when the data reaches back to within one step of the window's start.
 */
export function readCoverage(samples: readonly VectorSample[], windows: readonly string[], evaluatedAtSeconds: number): Map<string, number> {
  let oldest = Infinity;
  for (const sample of samples) {
    const value = sampleRate(sample);
    if (!Number.isNaN(value) && label(labelsOf(sample), WINDOW_LABEL) !== '') oldest = Math.min(oldest, value);
  }
  const out = new Map<string, number>();
  for (const window of windows) {
    const seconds = durationSeconds(window);
    const span = evaluatedAtSeconds - oldest;
    const step = Math.max(1, Math.round(seconds / 200));
    if (!Number.isFinite(span)) out.set(window, 0);
    else out.set(window, span >= seconds - step ? 1 : Math.max(0, Number((span / seconds).toPrecision(4))));
  }
  return out;
}
