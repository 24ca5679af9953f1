// What one view shows: the nodes and edges of the global, region or focus level, filtered, with staleness.
// Pure (no DOM, no three): the renderer lays it out and draws it; tests run it on Netflix's sample.
import { INTERNET, totalRate, type Connection, type Graph, type NodeKind, type Notice, type Region, type RequestRate, type TrafficClass } from '../model';

export type ViewKind = 'global' | 'region' | 'focus';
export interface Route { view: ViewKind; region?: string; service?: string }
export interface ViewFilter { errorsOnly: boolean; minRps: number }
export interface ViewNode { id: string; name: string; kind: NodeKind; rate: RequestRate; class: TrafficClass; stale: boolean; notices: Notice[] }
export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  rate: RequestRate;
  class: TrafficClass;
  latencyMs?: number;
  stale: boolean;
  notices: Notice[];
}
export interface ViewModel { route: Route; nodes: ViewNode[]; edges: ViewEdge[]; staleSince: number | null }

export const NO_FILTER: ViewFilter = { errorsOnly: false, minRps: 0 };

/** The id of an edge in a view: unique because a view has at most one connection per ordered pair. */
export function edgeId(source: string, target: string): string {
  return source + '\u2192' + target;
}

function passes(rate: RequestRate, filter: ViewFilter): boolean {
  if (totalRate(rate) < filter.minRps) return false;
  return !filter.errorsOnly || rate.danger + rate.warning > 0;
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
  return edge;
}

/**
 * Keeps the edges that pass the filter and the nodes they touch; a node without a passing edge stays
 * when its own rate passes (an idle but failing service must not vanish under "errors only").
 */
function applyFilter(nodes: ViewNode[], edges: ViewEdge[], filter: ViewFilter, keep: string | undefined): { nodes: ViewNode[]; edges: ViewEdge[] } {
  if (!filter.errorsOnly && filter.minRps <= 0) return { nodes, edges };
  const keptEdges = edges.filter((e) => passes(e.rate, filter));
  const touched = new Set<string>();
  for (const e of keptEdges) {
    touched.add(e.source);
    touched.add(e.target);
  }
  const keptNodes = nodes.filter((n) => n.id === keep || touched.has(n.id) || passes(n.rate, filter));
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
  for (const region of graph.regions) {
    const stale = region.staleSince !== null;
    if (stale) staleRegions.add(region.name);
    staleSince = oldest(staleSince, region.staleSince);
    nodes.push({ id: region.name, name: region.name, kind: 'region', rate: region.rate, class: region.class, stale, notices: region.notices ?? [] });
  }
  const internetStale = internetIsStale(graph, staleRegions);
  nodes.unshift({ id: INTERNET, name: INTERNET, kind: 'internet', rate: internetRate, class: 'normal', stale: internetStale, notices: [] });
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
  }));
}

/**
 * The nodes and edges of one view. Unknown regions or services give an empty view (the route may be
 * ahead of the data, e.g. a bookmarked region whose source has not answered yet).
 */
export function buildViewModel(graph: Graph, route: Route, filter: ViewFilter): ViewModel {
  if (route.view === 'global') {
    const view = globalView(graph);
    const filtered = applyFilter(view.nodes, view.edges, filter, INTERNET);
    return { route, nodes: filtered.nodes, edges: filtered.edges, staleSince: view.staleSince };
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
  const filtered = applyFilter(nodes, edges, filter, route.view === 'focus' ? route.service : undefined);
  return { route, nodes: filtered.nodes, edges: filtered.edges, staleSince };
}
