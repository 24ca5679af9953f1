import { placeNotices, type NoticePlaces, type PendingNotice } from './alerts/place-notices';
import { classify, roundRate } from './classify';
import { latencyQuantiles, mergeAllBuckets, mergeBuckets, type LatencyBuckets, type LatencyQuantiles } from './latency';
import type { LatencyBook } from './latency-book';
import { ingressByRegion, internetSummary, regionSeverity } from './region-severity';
import { keptReports, type Reporter } from './merge-reports';
import {
  INTERNET,
  type Call,
  type Connection,
  type Graph,
  type Notice,
  type NodeKind,
  type Region,
  type RequestRate,
  type ServiceNode,
  type Thresholds,
  DEFAULT_THRESHOLDS,
} from './model';

/**
 * One source's contribution: its last good batch (null if it never succeeded), whether it is failing, the
 * region it answers for and its kind of evidence (see merge-reports.ts for how overlapping reports merge).
 */
export type SourceInput = Reporter;

export interface BuildOptions {
  thresholds?: Thresholds;
  /** Epoch ms stamped as `serverUpdateTime`. Injected so that tests are exact. */
  now: number;
  /** Filled with the merged buckets behind every latency in the graph (calls, services, regions). */
  latencyBook?: LatencyBook;
}

interface RegionAcc {
  name: string;
  updated: number;
  sources: Set<string>;
  staleSince: number | null;
  partial: boolean;
  nodes: Map<string, { kind: NodeKind; incoming: RequestRate; outgoing: RequestRate; notices?: Notice[] }>;
  connections: Map<string, ConnAcc>;
  notices?: Notice[];
}

interface ConnAcc {
  source: string;
  target: string;
  rate: RequestRate;
  latencyWeighted: number;
  latencyWeight: number;
  buckets: LatencyBuckets | null;
  notices?: Notice[];
  /** Whether any call behind it came from metrics; a connection only traces report is marked so. */
  fromMetrics: boolean;
}

const SEP = '\u0000';

function addRate(into: RequestRate, rate: RequestRate): void {
  into.normal += rate.normal;
  into.danger += rate.danger;
  into.warning += rate.warning;
}

function region(regions: Map<string, RegionAcc>, name: string): RegionAcc {
  let acc = regions.get(name);
  if (!acc) {
    acc = { name, updated: 0, sources: new Set(), staleSince: null, partial: false, nodes: new Map(), connections: new Map() };
    regions.set(name, acc);
  }
  return acc;
}

function node(acc: RegionAcc, name: string, kind: NodeKind) {
  let entry = acc.nodes.get(name);
  if (!entry) {
    entry = { kind, incoming: { normal: 0, danger: 0, warning: 0 }, outgoing: { normal: 0, danger: 0, warning: 0 } };
    acc.nodes.set(name, entry);
  }
  return entry;
}

function connect(connections: Map<string, ConnAcc>, source: string, target: string, call: Call, fromMetrics: boolean): void {
  const key = source + SEP + target;
  let conn = connections.get(key);
  if (!conn) {
    conn = { source, target, rate: { normal: 0, danger: 0, warning: 0 }, latencyWeighted: 0, latencyWeight: 0, buckets: null, fromMetrics };
    connections.set(key, conn);
  }
  conn.fromMetrics ||= fromMetrics;
  addRate(conn.rate, call.rate);
  if (call.latencyBuckets !== undefined) conn.buckets = conn.buckets === null ? call.latencyBuckets : mergeBuckets(conn.buckets, call.latencyBuckets);
  if (call.latencyMs !== undefined && Number.isFinite(call.latencyMs)) {
    const weight = call.rate.normal + call.rate.danger + call.rate.warning || 1;
    conn.latencyWeighted += call.latencyMs * weight;
    conn.latencyWeight += weight;
  }
}

/** Records one call in the region(s) it touches: inside one region, from the INTERNET, or across two. */
function place(regions: Map<string, RegionAcc>, globals: Map<string, ConnAcc>, call: Call, metrics: boolean): RegionAcc[] {
  if (call.scope === 'global') {
    connect(globals, call.sourceRegion, call.destinationRegion, call, metrics);
    return [];
  }
  const fromOutside = call.source === INTERNET || call.sourceRegion === INTERNET;
  if (fromOutside) {
    const dst = region(regions, call.destinationRegion);
    addRate(node(dst, INTERNET, 'internet').outgoing, call.rate);
    addRate(node(dst, call.destination, 'service').incoming, call.rate);
    connect(dst.connections, INTERNET, call.destination, call, metrics);
    if (call.scope !== 'region') connect(globals, INTERNET, call.destinationRegion, call, metrics);
    return [dst];
  }
  if (call.sourceRegion === call.destinationRegion) {
    const acc = region(regions, call.sourceRegion);
    addRate(node(acc, call.source, 'service').outgoing, call.rate);
    addRate(node(acc, call.destination, 'service').incoming, call.rate);
    connect(acc.connections, call.source, call.destination, call, metrics);
    return [acc];
  }
  // Across regions: the caller's region shows the callee's region at its edge, and vice versa.
  const src = region(regions, call.sourceRegion);
  const dst = region(regions, call.destinationRegion);
  addRate(node(src, call.source, 'service').outgoing, call.rate);
  addRate(node(src, call.destinationRegion, 'region').incoming, call.rate);
  connect(src.connections, call.source, call.destinationRegion, call, metrics);
  addRate(node(dst, call.sourceRegion, 'region').outgoing, call.rate);
  addRate(node(dst, call.destination, 'service').incoming, call.rate);
  connect(dst.connections, call.sourceRegion, call.destination, call, metrics);
  connect(globals, call.sourceRegion, call.destinationRegion, call, metrics);
  return [src, dst];
}

function roundedRate(rate: RequestRate): RequestRate {
  return { normal: roundRate(rate.normal), danger: roundRate(rate.danger), warning: roundRate(rate.warning) };
}

/** p50/p95/p99 from merged buckets at the precision of every other figure, or null where they cannot be told. */
function roundedQuantiles(buckets: LatencyBuckets | null): LatencyQuantiles | null {
  const quantiles = buckets === null ? null : latencyQuantiles(buckets);
  return quantiles === null ? null : { p50: roundRate(quantiles.p50), p95: roundRate(quantiles.p95), p99: roundRate(quantiles.p99) };
}

/** `region`: the region view the connections belong to, null for the global view's (for the latency book). */
function finishConnections(map: Map<string, ConnAcc>, thresholds: Thresholds, region: string | null, book: LatencyBook | undefined): Connection[] {
  const out: Connection[] = [];
  for (const conn of map.values()) {
    const rate = roundedRate(conn.rate);
    const connection: Connection = { source: conn.source, target: conn.target, rate, class: classify(rate, thresholds) };
    const quantiles = roundedQuantiles(conn.buckets);
    if (quantiles !== null) {
      connection.latency = quantiles;
      connection.latencyMs = connection.latency.p95;
      book?.set({ kind: 'call', region, source: conn.source, target: conn.target }, conn.buckets!);
    } else if (conn.latencyWeight > 0) connection.latencyMs = roundRate(conn.latencyWeighted / conn.latencyWeight);
    if (conn.notices) connection.notices = conn.notices;
    if (!conn.fromMetrics) connection.traceOnly = true;
    out.push(connection);
  }
  out.sort((a, b) => compare(a.source, b.source) || compare(a.target, b.target));
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The graph being built, as place-notices sees it: notices go only where calls made a place. */
function noticePlaces(regions: Map<string, RegionAcc>, globals: Map<string, ConnAcc>): NoticePlaces {
  const nodeOf = (region: string, name: string) => {
    const entry = regions.get(region)?.nodes.get(name);
    return entry && entry.kind !== 'region' ? entry : undefined;
  };
  return {
    hasRegion: (region) => regions.has(region),
    hasNode: (region, name) => nodeOf(region, name) !== undefined,
    hasConnection: (region, source, target) => regions.get(region)?.connections.has(source + SEP + target) ?? false,
    addToRegion: (region, notice) => {
      const acc = regions.get(region);
      if (acc) (acc.notices ??= []).push(notice);
    },
    addToNode: (region, name, notice) => {
      const entry = nodeOf(region, name);
      if (entry) (entry.notices ??= []).push(notice);
    },
    addToConnection: (region, source, target, notice) => {
      const conn = regions.get(region)?.connections.get(source + SEP + target);
      if (conn) (conn.notices ??= []).push(notice);
    },
    hasGlobalConnection: (source, target) => globals.has(source + SEP + target),
    addToGlobalConnection: (source, target, notice) => {
      const conn = globals.get(source + SEP + target);
      if (conn) (conn.notices ??= []).push(notice);
    },
  };
}

/**
 * Builds the region → service graph from every source's last good batch. A call that several sources
 * report is counted once, from the report merge-reports.ts prefers. A region is stale when some call drawn
 * in it comes from a failing source (no live source reports that call); its `staleSince` is the oldest
 * last success among those sources, so that the screen never shows that region's numbers as live.
 */
export function buildGraph(inputs: readonly SourceInput[], options: BuildOptions): Graph {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const regions = new Map<string, RegionAcc>();
  const globals = new Map<string, ConnAcc>();
  const pending: PendingNotice[] = [];
  const partialRegions = new Set<string>();
  const kept = keptReports(inputs);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const batch = input.batch;
    if (!batch) continue;
    const keep = kept[i] ?? null;
    const metrics = input.evidence !== 'traces';
    const partial = (batch.warnings?.length ?? 0) > 0;
    if (partial && input.region !== undefined) partialRegions.add(input.region);
    const touched = new Set<RegionAcc>();
    const calls = batch.calls;
    for (let j = 0; j < calls.length; j++) {
      const call = calls[j]!;
      // A partial answer may lack calls anywhere it reaches, even where another source's report won.
      if (partial && call.scope !== 'global') {
        partialRegions.add(call.destinationRegion);
        if (call.sourceRegion !== INTERNET) partialRegions.add(call.sourceRegion);
      }
      if (keep !== null && keep[j] === 0) continue;
      for (const acc of place(regions, globals, call, metrics)) touched.add(acc);
    }
    for (const acc of touched) {
      acc.sources.add(batch.source);
      const at = batch.regionUpdated?.[acc.name] ?? batch.sampledAt;
      if (at > acc.updated) acc.updated = at;
      if (input.staleSince !== null && (acc.staleSince === null || input.staleSince < acc.staleSince)) {
        acc.staleSince = input.staleSince;
      }
    }
    for (const target of batch.notices ?? []) pending.push({ target, staleSince: input.staleSince });
  }
  for (const name of partialRegions) {
    const acc = regions.get(name);
    if (acc) acc.partial = true;
  }
  // After every source's calls: an alert source polled before the traffic sources still finds its nodes.
  const board = placeNotices(pending, noticePlaces(regions, globals));

  const book = options.latencyBook;
  const globalConnections = finishConnections(globals, thresholds, null, book);
  const ingressBuckets = ingressLatency(globals);
  const ingress = ingressByRegion(globalConnections);
  const out: Region[] = [];
  for (const acc of regions.values()) {
    const nodes: ServiceNode[] = [];
    const regionRate: RequestRate = { normal: 0, danger: 0, warning: 0 };
    const inbound = inboundLatency(acc);
    for (const [name, entry] of acc.nodes) {
      const incomingTotal = entry.incoming.normal + entry.incoming.danger + entry.incoming.warning;
      // A node's volume is what it serves; a pure caller (INTERNET, a remote region, a cron job) shows what it sends.
      const rate = roundedRate(incomingTotal > 0 || hasNoOutgoing(entry.outgoing) ? entry.incoming : entry.outgoing);
      const serviceNode: ServiceNode = { name, kind: entry.kind, rate, class: classify(rate, thresholds) };
      const buckets = entry.kind === 'service' ? (inbound.get(name) ?? null) : null;
      const latency = roundedQuantiles(buckets);
      if (latency !== null) {
        serviceNode.latency = latency;
        book?.set({ kind: 'service', region: acc.name, service: name }, buckets!);
      }
      if (entry.notices) serviceNode.notices = entry.notices;
      nodes.push(serviceNode);
      if (entry.kind === 'service') addRate(regionRate, entry.incoming);
    }
    nodes.sort((a, b) => compare(a.name, b.name));
    const rate = roundedRate(regionRate);
    const connections = finishConnections(acc.connections, thresholds, acc.name, book);
    const severity = regionSeverity(ingress.get(acc.name), rate, nodes, connections, thresholds);
    const result: Region = {
      name: acc.name,
      updated: acc.updated,
      sources: [...acc.sources].sort(),
      staleSince: acc.staleSince,
      rate,
      ingress: severity.ingress,
      internal: severity.internal,
      worstCall: severity.worstCall,
      class: severity.class,
      nodes,
      connections,
    };
    const regionBuckets = ingressBuckets.get(acc.name) ?? null;
    const regionLatency = roundedQuantiles(regionBuckets);
    if (regionLatency !== null) {
      result.latency = regionLatency;
      book?.set({ kind: 'region', region: acc.name }, regionBuckets!);
    }
    if (acc.partial) result.partial = true;
    if (acc.notices) result.notices = acc.notices;
    out.push(result);
  }
  out.sort((a, b) => compare(a.name, b.name));
  const graph: Graph = {
    serverUpdateTime: options.now,
    regions: out,
    connections: globalConnections,
    internet: internetSummary(globalConnections, thresholds),
    thresholds,
  };
  if (board) graph.alerts = board;
  return graph;
}

/**
 * A service's latency is that of the requests it serves: the merge of the buckets of every call into it
 * (from the INTERNET, from services of its region, from other regions' services), never an average of the
 * calls' quantiles. Keyed by service name; services none of whose inbound calls has buckets are absent.
 */
function inboundLatency(acc: RegionAcc): Map<string, LatencyBuckets> {
  const lists = new Map<string, LatencyBuckets[]>();
  for (const conn of acc.connections.values()) {
    if (conn.buckets === null || acc.nodes.get(conn.target)?.kind !== 'service') continue;
    let list = lists.get(conn.target);
    if (!list) lists.set(conn.target, (list = []));
    list.push(conn.buckets);
  }
  const out = new Map<string, LatencyBuckets>();
  for (const [name, list] of lists) {
    const merged = mergeAllBuckets(list);
    if (merged !== null) out.set(name, merged);
  }
  return out;
}

/**
 * A region's latency is what its users feel: the merge of the buckets of its ingress (the global connections
 * into it, from the INTERNET and from other regions), the same calls its class is judged on.
 */
function ingressLatency(globals: Map<string, ConnAcc>): Map<string, LatencyBuckets> {
  const out = new Map<string, LatencyBuckets>();
  for (const conn of globals.values()) {
    if (conn.buckets === null || conn.source === conn.target || conn.target === INTERNET) continue;
    const prev = out.get(conn.target);
    out.set(conn.target, prev === undefined ? conn.buckets : mergeBuckets(prev, conn.buckets));
  }
  return out;
}

function hasNoOutgoing(rate: RequestRate): boolean {
  return rate.normal + rate.danger + rate.warning === 0;
}
