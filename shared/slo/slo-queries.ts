// The PromQL behind an SLO: good and total requests of one service over every window at once (each window
// tagged `slo_window` with label_replace and joined with `or`), from the same metrics the presets read,
// and when each window's data begins (a fresh Prometheus holds minutes, not days).
import { checkLabelName } from '../presets/answer';
import { durationSeconds } from './duration';
import { BURN_WINDOWS, type SloKind } from './report';

export type SloPreset = 'istio' | 'linkerd' | 'servicegraph';

export interface SloSpec {
  service: string;
  region?: string;
  /** Percent of good requests, e.g. 99.9. */
  objective: number;
  /** The SLO window, a PromQL duration such as `30d`. */
  window: string;
  kind: SloKind;
  thresholdMs?: number;
}

export interface SloQueryContext {
  preset: SloPreset;
  /** The label that names the serving side's region (istio `destination_cluster`), if the source has one. */
  destinationRegionLabel?: string;
  /** The label that names the calling side's region, so that callers in two regions stay apart. */
  sourceRegionLabel?: string;
  /** The region the source answers for where the label is absent (a `prometheus` source's `region`). */
  defaultRegion?: string;
}

export interface SloQueries {
  /** Windows queried, burn windows first, then the SLO window when it is not one of them. */
  windows: string[];
  counts: string;
  coverage: string;
}

export const WINDOW_LABEL = 'slo_window';
export const PART_LABEL = 'slo_part';

/** PromQL string literal: double-quoted with Go escapes, which JSON's escaping is a subset of. */
const quote = (value: string): string => JSON.stringify(value);

/** A matcher: `=` for a value, `=~` for a regex (written as `~` + pattern). */
function selector(pairs: ReadonlyArray<readonly [string, string]>): string {
  return `{${pairs.map(([k, v]) => (v.startsWith('~') ? `${k}=~${quote(v.slice(1))}` : `${k}=${quote(v.startsWith('=') ? v.slice(1) : v)}`)).join(', ')}}`;
}

// RE2 metacharacters, escaped so that a region name matches only itself.
const regexLiteral = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The windows of one SLO: the burn windows and its own (deduplicated). */
export function sloWindows(window: string): string[] {
  const list: string[] = [...BURN_WINDOWS];
  const seconds = durationSeconds(window);
  if (!list.some((w) => durationSeconds(w) === seconds)) list.push(window);
  return list;
}

function matchers(spec: SloSpec, context: SloQueryContext, serviceLabel: string, fixed: ReadonlyArray<readonly [string, string]>) {
  const pairs: Array<readonly [string, string]> = [...fixed, [serviceLabel, '=' + spec.service]];
  if (spec.region !== undefined && context.destinationRegionLabel !== undefined) {
    const name = checkLabelName(context.destinationRegionLabel, 'regionLabels.destination');
    // In the source's own region a series without the label is that region's too (`=~"r|"` matches absent).
    pairs.push([name, spec.region === context.defaultRegion ? `~${regexLiteral(spec.region)}|` : '=' + spec.region]);
  }
  return pairs;
}

/** Which metric, selector and grouping each preset counts with, per kind. */
function plan(spec: SloSpec, context: SloQueryContext): { count: (w: string) => string; base: string } {
  const callers = ['reporter', 'source_workload', 'source_workload_namespace'];
  if (context.sourceRegionLabel !== undefined) callers.push(checkLabelName(context.sourceRegionLabel, 'regionLabels.source'));
  switch (context.preset) {
    case 'istio': {
      const sel = selector(matchers(spec, context, 'destination_workload', []));
      if (spec.kind === 'latency') {
        const metric = `istio_request_duration_milliseconds_bucket${sel}`;
        return { count: (w) => `sum by (${[...callers, 'le'].join(', ')}) (increase(${metric}[${w}]))`, base: metric };
      }
      const metric = `istio_requests_total${sel}`;
      return { count: (w) => `sum by (${[...callers, 'response_code', 'grpc_response_status'].join(', ')}) (increase(${metric}[${w}]))`, base: metric };
    }
    case 'linkerd': {
      // The serving proxy's inbound series count every request once, meshed caller or not.
      const sel = selector(matchers(spec, context, 'deployment', [['direction', 'inbound']]));
      if (spec.kind === 'latency') {
        const metric = `response_latency_ms_bucket${sel}`;
        return { count: (w) => `sum by (le) (increase(${metric}[${w}]))`, base: metric };
      }
      const metric = `response_total${sel}`;
      return { count: (w) => `sum by (classification) (increase(${metric}[${w}]))`, base: metric };
    }
    case 'servicegraph': {
      const sel = selector(matchers(spec, context, 'server', []));
      if (spec.kind === 'latency') {
        const metric = `traces_service_graph_request_server_seconds_bucket${sel}`;
        return { count: (w) => `sum by (le) (increase(${metric}[${w}]))`, base: metric };
      }
      const total = `traces_service_graph_request_total${sel}`;
      const failed = `traces_service_graph_request_failed_total${sel}`;
      const part = (metric: string, name: string, w: string) => `label_replace(sum(increase(${metric}[${w}])), ${quote(PART_LABEL)}, ${quote(name)}, "", "")`;
      return { count: (w) => `${part(total, 'total', w)} or ${part(failed, 'failed', w)}`, base: total };
    }
  }
}

const tag = (expr: string, window: string): string => `label_replace(${expr}, ${quote(WINDOW_LABEL)}, ${quote(window)}, "", "")`;

/** Subquery resolution: 1/200 of the window, so the start of the data is known to within 0.5 % of it. */
export function coverageStep(window: string): string {
  return `${Math.max(1, Math.round(durationSeconds(window) / 200))}s`;
}

export function sloQueries(spec: SloSpec, context: SloQueryContext): SloQueries {
  const windows = sloWindows(spec.window);
  const { count, base } = plan(spec, context);
  return {
    windows,
    counts: windows.map((w) => tag(`(${count(w)})`, w)).join(' or '),
    // The oldest sample timestamp seen at each step: where the window's data begins.
    coverage: windows.map((w) => tag(`min(min_over_time(timestamp(${base})[${w}:${coverageStep(w)}]))`, w)).join(' or '),
  };
}
