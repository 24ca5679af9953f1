// The traffic graph: what every source is normalised into and what the renderer draws.
// Pure data, no behaviour; see build-graph.ts for how it is made and diff.ts for how it travels.
import type { LatencyBuckets, LatencyQuantiles } from './latency';
import type { SloReport } from './slo/report';

export type { LatencyBuckets, LatencyQuantiles };

/** The node that stands for every caller outside the mesh (Vizceral's convention). */
export const INTERNET = 'INTERNET';

export type TrafficClass = 'normal' | 'warning' | 'danger';
export type Severity = 'info' | 'warning' | 'danger';

/** Requests per second by outcome. `danger` = failed (5xx or the source's failure classification). */
export interface RequestRate {
  normal: number;
  danger: number;
  warning: number;
}

/** A notice attached to a node or connection (an alert, an annotation). */
export interface Notice {
  severity: Severity;
  title: string;
  /** An http(s) URL (a runbook); anything else is dropped where the notice is made. */
  link?: string;
  /** Set when the notice is a firing alert or an error-budget burn: what the panel shows beside the title. */
  alert?: AlertDetail;
}

/** Where an alert notice comes from and what the responder needs besides its title (Alertmanager v2 fields). */
export interface AlertDetail {
  /** The flowsight source that reported it. */
  source: string;
  /** Stable identity (Alertmanager's fingerprint of the label set; `slo:<service>@<region>` for a burn). */
  id: string;
  /** `alertname`, or `error budget` for a burn. */
  name: string;
  /** Epoch ms since which it fires, or null when the source does not tell. */
  startsAt: number | null;
  /** `active`, or `muted` = silenced or inhibited in Alertmanager (listed, never badged). */
  state: 'active' | 'muted';
  description?: string;
  /** Owner labels (by default `team`, `owner`) as label → value. */
  owners?: Record<string, string>;
  /** The alert's source expression in Prometheus (http(s) only). */
  generatorURL?: string;
  /** The service and region its labels name, kept when no node of the graph matched them. */
  service?: string;
  region?: string;
  /** True when its labels name a service that is not in the graph: the notice sits on its region. */
  unmatched?: boolean;
  /** Silence ids and inhibiting alerts' fingerprints, for a muted alert. */
  mutedBy?: string[];
  /** Epoch ms since which the source behind it fails: the notice is its last known state, not a live one. */
  staleSince?: number;
}

/** The alerts that have no node to sit on, or that must not be shown as firing. */
export interface AlertBoard {
  /** Firing alerts whose labels name no region of the graph (or no region at all). */
  unplaced: Notice[];
  /** Silenced or inhibited alerts, wherever they would otherwise sit. */
  muted: Notice[];
}

/**
 * One directed call, as a source reports it after normalisation: who called whom, in which regions,
 * at which rate. A call from outside the mesh has `source === INTERNET` and `sourceRegion === INTERNET`.
 */
export interface Call {
  sourceRegion: string;
  source: string;
  destinationRegion: string;
  destination: string;
  rate: RequestRate;
  /** Optional latency, milliseconds (p95 where the source can tell), for sources without histograms. */
  latencyMs?: number;
  /** Latency histogram (request rates by upper bound, ms) where the source has one: merged, then read. */
  latencyBuckets?: LatencyBuckets;
  /**
   * `global`: a region-to-region (or INTERNET → region) call known only at region level (a Vizceral feed's
   * global connection); it adds a global connection and touches no region view. `region`: a call drawn in
   * its region's view only, whose global connection the source gives separately (a feed's own figures).
   */
  scope?: 'global' | 'region';
}

/**
 * What kind of evidence a source's calls are. Where two sources report the same call, `metrics` (counted by
 * the proxies or clients themselves) win over `traces` (sampled spans, averaged over a lookback).
 */
export type Evidence = 'metrics' | 'traces';

/** What one poll of one source produced. */
export interface SourceBatch {
  source: string;
  /** Epoch ms of the samples (the query's evaluation time), not of the poll's end. */
  sampledAt: number;
  /** Epoch ms of a region's own data where the source tells it per region (a Vizceral feed's `updated`). */
  regionUpdated?: Record<string, number>;
  calls: Call[];
  /** How many raw series the source read to make these calls (for /metrics). */
  seriesRead: number;
  /**
   * Where the source can tell from its data (a Prometheus series' raw samples): the rate window does not yet
   * hold enough samples (a fresh server, a target just added, a scrape gap), so rates read low until this
   * epoch ms; null: the window is full. Absent: the source cannot tell (the hub then counts from its first answer).
   */
  windowFillingUntil?: number | null;
  notices?: NoticeTarget[];
  /**
   * The backend's own warnings with an answer it still gave (Thanos/Prometheus `warnings`: a store or
   * querier did not answer), and what the answer held that could not be used (bad values, repeated series).
   * Present and non-empty: these calls may be missing some of the truth.
   */
  warnings?: string[];
}

/**
 * A notice bound to a place in the graph. `service` absent: on the region; `target` set: on a connection.
 * `region` absent: it names no region (an alert without a cluster/region label); it is listed, not placed.
 */
export interface NoticeTarget {
  region?: string;
  service?: string;
  /** Further names the service may go by (an alert's `app`, `workload`, `job` ...), tried after `service`. */
  aliases?: string[];
  target?: string;
  /** `global`: the notice is on the call between two regions (or INTERNET → region), `service` → `target`. */
  scope?: 'global';
  notice: Notice;
}

export type NodeKind = 'service' | 'internet' | 'region';

/** A node inside a region view: a service, the INTERNET, or another region at the edge. */
export interface ServiceNode {
  name: string;
  kind: NodeKind;
  /** Sum of all incoming requests per second by outcome (outgoing for INTERNET and remote regions). */
  rate: RequestRate;
  class: TrafficClass;
  /**
   * A service's p50/p95/p99, ms: of the merged buckets of every call into it (where they have buckets).
   * Absent on INTERNET and on other regions drawn at the edge.
   */
  latency?: LatencyQuantiles;
  notices?: Notice[];
}

/** A connection between two nodes of the same view, named by node name. */
export interface Connection {
  source: string;
  target: string;
  rate: RequestRate;
  class: TrafficClass;
  /** p95 latency, ms (where known). */
  latencyMs?: number;
  /** p50/p95/p99 latency, ms, from the calls' merged histogram buckets (where they have them). */
  latency?: LatencyQuantiles;
  notices?: Notice[];
  /** Known only from traces (a tracing source's dependency links), no metrics source reports it. */
  traceOnly?: true;
}

export interface Region {
  name: string;
  /** Epoch ms of the newest sample behind this region. */
  updated: number;
  /** Names of the sources whose data is in this region. */
  sources: string[];
  /**
   * Epoch ms since which this region's data is stale, or null when live: stale when some call drawn in it
   * is known only from a source that is failing now (no live source reports that call).
   */
  staleSince: number | null;
  /** A source behind this region answered with warnings (a partial answer): calls may be missing. */
  partial?: true;
  /** Sum of requests per second into this region's services. */
  rate: RequestRate;
  /**
   * Requests/s entering the region: from the INTERNET and from other regions, what its users feel. The
   * region's `class` is judged on it (on `rate` only when nothing enters). Set by buildGraph.
   */
  ingress?: RequestRate;
  /** Requests/s between the region's own services. Set by buildGraph. */
  internal?: RequestRate;
  /** p50/p95/p99, ms, of the merged buckets of its ingress (from the INTERNET and other regions), where known. */
  latency?: LatencyQuantiles;
  /** The internal call failing worst (highest class, then error ratio), or null when none fails. */
  worstCall?: WorstCall | null;
  class: TrafficClass;
  nodes: ServiceNode[];
  connections: Connection[];
  notices?: Notice[];
}

/** A rate source's `rate()` window in use and why (`rateWindow: auto` finds it from the data). */
export interface RateWindowInfo {
  /** The PromQL duration in the queries now. */
  window: string;
  /** true: `rateWindow: auto` (found from the data, or the fallback while it cannot be). */
  auto: boolean;
  /** Seconds between the raw samples seen, or null when not measured. */
  scrapeIntervalSeconds: number | null;
  /** One line: how the window was chosen. */
  reason: string;
}

/** A region's worst internal call, shown beside its headline. */
export interface WorstCall {
  source: string;
  target: string;
  rate: RequestRate;
  class: TrafficClass;
}

/** The INTERNET node: everything the mesh's users send, judged like any region's ingress. */
export interface InternetSummary {
  rate: RequestRate;
  class: TrafficClass;
}

export interface SourceStatus {
  name: string;
  type: string;
  ok: boolean;
  /** Epoch ms of the last successful poll, or null. */
  lastSuccess: number | null;
  /** The last poll's error message, or null. */
  error: string | null;
  /** Epoch ms since which this source has been failing, or null. */
  failingSince: number | null;
  /** The query or file behind this source's numbers, for traceability on screen. */
  detail: string;
  /** For sources that read rates over a window (Prometheus presets). */
  rateWindow?: RateWindowInfo;
  /** Epoch ms of the data's own time (sample timestamps, a feed's `updated`), or null before any data. */
  dataAt?: number | null;
  /** How old the data may be before it is stale, ms (the source's `maxAge`). */
  maxAgeMs?: number;
  /** Epoch ms until which the source's rate window still spans its start or a gap (rates read low), or null. */
  fillingUntil?: number | null;
  /** The region this source answers for (where its unlabelled calls go), if it has one. */
  region?: string;
  evidence?: Evidence;
  /** The last good poll's warnings (a partial answer, unusable samples), absent when it was whole. */
  warnings?: string[];
}

export interface Graph {
  /** Epoch ms when the hub built this graph. */
  serverUpdateTime: number;
  regions: Region[];
  /** Calls between regions and from the INTERNET into regions, between region names / INTERNET. */
  connections: Connection[];
  /** What the INTERNET sends and its class. Set by buildGraph. */
  internet?: InternetSummary;
  /** The thresholds every class in this graph was judged with. Set by buildGraph. */
  thresholds?: Thresholds;
  /** Alerts with no node to sit on, and muted ones; absent when no source reports alerts. */
  alerts?: AlertBoard;
  /** Error-budget burn of each configured SLO; absent when none is configured. */
  slos?: SloReport[];
}

export interface Thresholds {
  /** Error ratio at or above which a node or connection is `warning`. */
  warning: number;
  /** Error ratio at or above which a node or connection is `danger`. */
  danger: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { warning: 0.01, danger: 0.05 };

export function zeroRate(): RequestRate {
  return { normal: 0, danger: 0, warning: 0 };
}

export function totalRate(rate: RequestRate): number {
  return rate.normal + rate.danger + rate.warning;
}

/** Failed share of all requests; 0 when there are none. */
export function errorRatio(rate: RequestRate): number {
  const total = totalRate(rate);
  return total > 0 ? rate.danger / total : 0;
}
