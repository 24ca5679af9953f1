// What one view shows: the nodes and edges of the global, region or focus level, filtered, with staleness.
// Pure (no DOM, no three): the renderer lays it out and draws it; tests run it on Netflix's sample.
import { collapseIslands, DEFAULT_ISLANDS, findIslands, type IslandIndex, type IslandSettings } from './islands';
import { DEFAULT_THRESHOLDS, INTERNET, totalRate, type Connection, type Graph, type LatencyQuantiles, type NodeKind, type Notice, type Region, type RequestRate, type TrafficClass, type WorstCall } from '../model';

export type ViewKind = 'global' | 'region' | 'focus';
export interface Route { view: ViewKind; region?: string; service?: string }
export interface ViewFilter { errorsOnly: boolean; minRps: number }
export interface ViewNode {
  id: string;
  name: string;
  kind: NodeKind;
  /** The node's volume: for a region in the global view, its ingress (what enters it). */
  rate: RequestRate;
  class: TrafficClass;
  stale: boolean;
  notices: Notice[];
  /** p50/p95/p99 ms from merged buckets: a service's inbound calls, a region's ingress (global view); absent where unknown. */
  latency?: LatencyQuantiles;
  /** Global view only: the region's headline beside its volume. */
  region?: RegionHeadline;
  /** A collapsed island (islands.ts): this node stands for `members` services. */
  island?: { key: string; members: number };
  /** A service drawn inside an expanded island: that island's key. */
  islandKey?: string;
}
/** What the global view writes on a region, as Vizceral does: share of traffic and error rate, plus our extras. */
export interface RegionHeadline {
  /** Ingress ÷ everything the INTERNET sends (Vizceral's "RPS" percentage); null when nothing enters anywhere. */
  share: number | null;
  /** Calls between the region's own services, requests/s. */
  internalRps: number;
  worstCall: WorstCall | null;
  /** No source has reported anything yet: numbers are unknown, not zero. */
  noData: boolean;
}
export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  rate: RequestRate;
  class: TrafficClass;
  latencyMs?: number;
  /** p50/p95/p99 ms from the call's histogram buckets, where the source has them. */
  latency?: LatencyQuantiles;
  /** Known only from a tracing source (no metrics source reports the call). */
  traceOnly?: true;
  stale: boolean;
  notices: Notice[];
}
export interface ViewModel {
  route: Route;
  nodes: ViewNode[];
  edges: ViewEdge[];
  staleSince: number | null;
  /** A big region view's islands (absent when the region is drawn service by service). */
  islands?: IslandIndex;
  /**
   * When a filter left something out: the view's every node and edge, in the order the unfiltered view has
   * them. The scene lays out and fits this whole set and draws what the filter left out dimmed, so a filter
   * never moves a service (issue 15 §7). Counts, lists and panels read `nodes`/`edges` only.
   */
  unfiltered?: { nodes: ViewNode[]; edges: ViewEdge[] };
  /** Region and focus views: the region's own totals, written on the map (issue 15 §5), filter or not. */
  totals?: RegionTotals;
}

/** What a region view writes about its region: what enters it (its class is judged on that) and its size. */
export interface RegionTotals {
  name: string;
  /** Requests/s entering the region (INTERNET and other regions); the region's `rate` when nothing enters. */
  ingress: RequestRate;
  class: TrafficClass;
  internalRps: number;
  services: number;
  stale: boolean;
}

export const NO_FILTER: ViewFilter = { errorsOnly: false, minRps: 0 };

/** The id of an edge in a view: unique because a view has at most one connection per ordered pair. */
export function edgeId(source: string, target: string): string {
  return source + '\u2192' + target;
}

/** "Errors only" keeps what is at or above the warning threshold (its class), the same line as the colours. */
function passes(item: { rate: RequestRate; class: TrafficClass }, filter: ViewFilter): boolean {
  if (totalRate(item.rate) < filter.minRps) return false;
  return !filter.errorsOnly || item.class !== 'normal';
}

function toEdge(c: Connection, stale: boolean): ViewEdge {
  const edge: ViewEdge = {
    id: edgeId(c.source, c.target),
    source: c.source,
    target: c.target,
    rate: c.rate,
    class: c.class,
    stale,
    notices: c.notices ?? [],
  };
  if (c.latencyMs !== undefined) edge.latencyMs = c.latencyMs;
  if (c.latency !== undefined) edge.latency = c.latency;
  if (c.traceOnly) edge.traceOnly = true;
  return edge;
}

/**
 * Keeps the edges that pass the filter and the nodes they touch; a node without a passing edge stays
 * when its own rate passes (an idle but failing service must not vanish under "errors only").
 */
function applyFilter(nodes: ViewNode[], edges: ViewEdge[], filter: ViewFilter, keep: string | undefined): { nodes: ViewNode[]; edges: ViewEdge[] } {
  if (!filter.errorsOnly && filter.minRps <= 0) return { nodes, edges };
  const keptEdges = edges.filter((e) => passes(e, filter));
  const touched = new Set<string>();
  for (const e of keptEdges) {
    touched.add(e.source);
    touched.add(e.target);
  }
  const keptNodes = nodes.filter((n) => n.id === keep || touched.has(n.id) || passes(n, filter));
  return { nodes: keptNodes, edges: keptEdges };
}

function oldest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/**
 * The INTERNET has no source of its own: what it is drawn with comes from the regions it sends traffic to.
 * It is stale when every one of them is (with no traffic at all, when every region is), so a lost hub greys
 * it with everything else while one failing source greys only that source's regions.
 */
export function internetIsStale(graph: Graph, staleRegions: ReadonlySet<string>): boolean {
  const reached = new Set<string>();
  for (const c of graph.connections) if (c.source === INTERNET && c.target !== INTERNET) reached.add(c.target);
  const judged = reached.size > 0 ? [...reached] : graph.regions.map((r) => r.name);
  return judged.length > 0 && judged.every((name) => staleRegions.has(name));
}

/** A region's volume in the global view: what enters it; a region nothing enters shows what it serves. */
function regionVolume(region: Region): RequestRate {
  return region.ingress && totalRate(region.ingress) > 0 ? region.ingress : region.rate;
}

function globalView(graph: Graph): { nodes: ViewNode[]; edges: ViewEdge[]; staleSince: number | null } {
  const staleRegions = new Set<string>();
  let staleSince: number | null = null;
  const nodes: ViewNode[] = [];
  let internetRate: RequestRate = { normal: 0, danger: 0, warning: 0 };
  for (const c of graph.connections) {
    if (c.source === INTERNET) {
      internetRate = { normal: internetRate.normal + c.rate.normal, danger: internetRate.danger + c.rate.danger, warning: internetRate.warning + c.rate.warning };
    }
  }
  let allIngress = 0;
  for (const region of graph.regions) allIngress += totalRate(region.ingress ?? { normal: 0, danger: 0, warning: 0 });
  const shareBase = totalRate(internetRate) > 0 ? totalRate(internetRate) : allIngress;
  for (const region of graph.regions) {
    const stale = region.staleSince !== null;
    if (stale) staleRegions.add(region.name);
    staleSince = oldest(staleSince, region.staleSince);
    const ingress = totalRate(region.ingress ?? { normal: 0, danger: 0, warning: 0 });
    nodes.push({
      id: region.name,
      name: region.name,
      kind: 'region',
      rate: regionVolume(region),
      class: region.class,
      stale,
      notices: region.notices ?? [],
      ...(region.latency ? { latency: region.latency } : {}),
      region: {
        share: shareBase > 0 ? ingress / shareBase : null,
        internalRps: totalRate(region.internal ?? region.rate),
        worstCall: region.worstCall ?? null,
        noData: false,
      },
    });
  }
  const internetStale = internetIsStale(graph, staleRegions);
  // With no region at all, nothing has answered yet: the INTERNET is grey and its numbers unknown.
  const noData = graph.regions.length === 0;
  nodes.unshift({
    id: INTERNET,
    name: INTERNET,
    kind: 'internet',
    rate: internetRate,
    class: graph.internet?.class ?? 'normal',
    stale: internetStale || noData,
    notices: [],
    region: { share: shareBase > 0 ? 1 : null, internalRps: 0, worstCall: null, noData },
  });
  const known = new Set(nodes.map((n) => n.id));
  const edges: ViewEdge[] = [];
  for (const c of graph.connections) {
    if (!known.has(c.source) || !known.has(c.target)) continue;
    edges.push(toEdge(c, staleRegions.has(c.source) || staleRegions.has(c.target)));
  }
  return { nodes, edges, staleSince };
}

function regionStale(graph: Graph): Map<string, number | null> {
  return new Map(graph.regions.map((r) => [r.name, r.staleSince]));
}

function regionNodes(graph: Graph, region: Region): ViewNode[] {
  const staleOf = regionStale(graph);
  const own = region.staleSince !== null;
  return region.nodes.map((n) => ({
    id: n.name,
    name: n.name,
    kind: n.kind,
    rate: n.rate,
    class: n.class,
    // A remote region drawn at the edge is stale when its own data is, or when this region's is.
    stale: own || (n.kind === 'region' && (staleOf.get(n.name) ?? null) !== null),
    notices: n.notices ?? [],
    ...(n.latency ? { latency: n.latency } : {}),
  }));
}

/**
 * The nodes and edges of one view. Unknown regions or services give an empty view (the route may be
 * ahead of the data, e.g. a bookmarked region whose source has not answered yet).
 */
export function buildViewModel(graph: Graph, route: Route, filter: ViewFilter, islands: IslandSettings = DEFAULT_ISLANDS): ViewModel {
  if (route.view === 'global') {
    const view = globalView(graph);
    const filtered = applyFilter(view.nodes, view.edges, filter, INTERNET);
    return withUnfiltered({ route, nodes: filtered.nodes, edges: filtered.edges, staleSince: view.staleSince }, view);
  }
  const region = graph.regions.find((r) => r.name === route.region);
  if (!region) return { route, nodes: [], edges: [], staleSince: null };
  const stale = region.staleSince !== null;
  let nodes = regionNodes(graph, region);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let edges = region.connections
    .filter((c) => byId.has(c.source) && byId.has(c.target))
    .map((c) => toEdge(c, stale || byId.get(c.source)!.stale || byId.get(c.target)!.stale));
  let staleSince = region.staleSince;
  const staleOf = regionStale(graph);
  for (const n of nodes) if (n.kind === 'region') staleSince = oldest(staleSince, staleOf.get(n.name) ?? null);

  if (route.view === 'focus') {
    const service = route.service ?? '';
    if (!byId.has(service)) return { route, nodes: [], edges: [], staleSince };
    edges = edges.filter((e) => e.source === service || e.target === service);
    const ids = new Set<string>([service]);
    for (const e of edges) {
      ids.add(e.source);
      ids.add(e.target);
    }
    nodes = nodes.filter((n) => ids.has(n.id));
  }
  // A big region reads as islands (before filtering: an island passes "errors only" by its own class).
  const index = route.view === 'region' ? findIslands(nodes, islands) : null;
  if (index !== null) ({ nodes, edges } = collapseIslands(nodes, edges, index, graph.thresholds ?? DEFAULT_THRESHOLDS));
  const filtered = applyFilter(nodes, edges, filter, route.view === 'focus' ? route.service : undefined);
  const totals: RegionTotals = {
    name: region.name,
    ingress: regionVolume(region),
    class: region.class,
    internalRps: totalRate(region.internal ?? region.rate),
    services: region.nodes.filter((n) => n.kind === 'service').length,
    stale,
  };
  const model = withUnfiltered({ route, nodes: filtered.nodes, edges: filtered.edges, staleSince, totals }, { nodes, edges });
  if (index !== null) model.islands = index;
  return model;
}

function withUnfiltered(model: ViewModel, all: { nodes: ViewNode[]; edges: ViewEdge[] }): ViewModel {
  if (model.nodes.length !== all.nodes.length || model.edges.length !== all.edges.length) model.unfiltered = { nodes: all.nodes, edges: all.edges };
  return model;
}
