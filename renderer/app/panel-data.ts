// What the side panel says about the selection (or, with nothing selected, about the view): figures, the
// busiest callers and callees, notices, and where every number comes from (sources, sample time).
// Pure, so the numbers on screen are unit-tested.
import { INTERNET, errorRatio, totalRate, type Connection, type Graph, type LatencyQuantiles, type Notice, type Region, type RequestRate, type SourceStatus } from '../../shared/model';
import type { LatencySubject } from '../../shared/latency-book';
import type { Route, ViewEdge, ViewModel, ViewNode } from '../../shared/view/view-model';
import { formatPercent, formatRps } from '../../shared/view/palette';
import { historyKey } from './history';

export interface Figure {
  label: string;
  value: string;
}

export interface Peer {
  /** The node id in the current view, when the peer is drawn there (so the panel can select it). */
  id: string | null;
  name: string;
  rps: number;
  errorRatio: number;
}

export interface PanelData {
  title: string;
  subtitle: string;
  figures: Figure[];
  /** Key into RateHistory for the sparkline, or null when the entity has no history of its own. */
  history: string | null;
  callers: Peer[];
  callees: Peer[];
  /** In a region summary: its busiest services. */
  busiest: Peer[];
  /** In a region summary: its services failing worst (by error ratio), beside the busiest. */
  worst: Peer[];
  notices: Notice[];
  /** Sources behind these numbers, with their status and the query/file they read. */
  sources: SourceStatus[];
  /** Epoch ms of the newest sample behind these numbers (the regions' `updated`), or null. */
  sampledAt: number | null;
  stale: boolean;
  /**
   * The latency figures' subject (a call, a service, a region's ingress) where the graph has quantiles for
   * it: the panel asks the hub for its merged buckets (GET /api/latency) to draw the distribution.
   */
  latency: { subject: LatencySubject; quantiles: LatencyQuantiles } | null;
  /** The selected call is known only from traces (a tracing source's dependency links). */
  traceOnly: boolean;
}

const TOP = 5;

/** A latency in ms as the graph carries it (4 significant digits), so the panel shows exactly /api/graph's number. */
export function formatLatencyMs(ms: number): string {
  return `${ms} ms`;
}

function latencyFigures(q: LatencyQuantiles, prefix = ''): Figure[] {
  return [
    { label: `${prefix}p50`, value: formatLatencyMs(q.p50) },
    { label: `${prefix}p95`, value: formatLatencyMs(q.p95) },
    { label: `${prefix}p99`, value: formatLatencyMs(q.p99) },
  ];
}

function latencyOf(subject: LatencySubject, quantiles: LatencyQuantiles | undefined): PanelData['latency'] {
  return quantiles === undefined ? null : { subject, quantiles };
}

/** `known` false (nothing has answered yet): the numbers are unknown, "—", not zero. */
function rateFigures(rate: RequestRate, known = true): Figure[] {
  if (!known) return [{ label: 'requests/s', value: '—' }, { label: 'errors', value: '—' }];
  const figures = [
    { label: 'requests/s', value: formatRps(totalRate(rate)) },
    { label: 'errors', value: formatPercent(errorRatio(rate)) },
  ];
  // Shown once it reads as more than zero at the display's precision.
  if (rate.warning >= 0.05) figures.push({ label: 'warning/s', value: formatRps(rate.warning) });
  return figures;
}

function peers(connections: readonly Connection[], side: 'source' | 'target', drawn: ReadonlySet<string>, nameOf: (id: string) => string = (id) => id): Peer[] {
  return connections
    .map((c) => ({ key: c[side], rps: totalRate(c.rate), errorRatio: errorRatio(c.rate) }))
    .sort((a, b) => b.rps - a.rps || (a.key < b.key ? -1 : 1))
    .slice(0, TOP)
    .map(({ key, ...p }) => ({ name: nameOf(key), ...p, id: drawn.has(key) ? key : null }));
}

function sourcesOf(names: Iterable<string>, statuses: readonly SourceStatus[]): SourceStatus[] {
  const wanted = new Set(names);
  return statuses.filter((s) => wanted.has(s.name));
}

function regionsProvenance(graph: Graph, regionNames: readonly string[], statuses: readonly SourceStatus[]) {
  const regions = graph.regions.filter((r) => regionNames.includes(r.name));
  const names = new Set<string>();
  let sampledAt: number | null = null;
  let stale = false;
  for (const r of regions) {
    for (const s of r.sources) names.add(s);
    if (r.updated > 0) sampledAt = sampledAt === null ? r.updated : Math.min(sampledAt, r.updated);
    stale ||= r.staleSince !== null;
  }
  return { sources: sourcesOf(names, statuses), sampledAt, stale };
}

function sumRates(connections: readonly Connection[]): RequestRate {
  const out = { normal: 0, danger: 0, warning: 0 };
  for (const c of connections) {
    out.normal += c.rate.normal;
    out.danger += c.rate.danger;
    out.warning += c.rate.warning;
  }
  return out;
}

function viewSummary(graph: Graph, route: Route, statuses: readonly SourceStatus[], drawn: ReadonlySet<string>): PanelData {
  if (route.view === 'global') {
    const inbound = sumRates(graph.connections.filter((c) => c.source === INTERNET));
    const all = regionsProvenance(graph, graph.regions.map((r) => r.name), statuses);
    return {
      title: 'Global',
      subtitle: graph.regions.length === 1 ? '1 region' : `${graph.regions.length} regions`,
      figures: [...rateFigures(inbound, graph.regions.length > 0).map((f) => ({ ...f, label: `from INTERNET ${f.label}` }))],
      history: historyKey.node('', INTERNET),
      callers: [],
      callees: peers(graph.connections.filter((c) => c.source === INTERNET), 'target', new Set(graph.regions.map((r) => r.name))),
      busiest: [],
      worst: [],
      notices: [],
      ...all,
      sources: statuses.slice(),
      latency: null,
      traceOnly: false,
    };
  }
  const region = graph.regions.find((r) => r.name === route.region);
  const name = route.region ?? '';
  if (!region) {
    return { title: name, subtitle: 'region not in the data (yet)', figures: [], history: null, callers: [], callees: [], busiest: [], worst: [], notices: [], sources: statuses.slice(), sampledAt: null, stale: true, latency: null, traceOnly: false };
  }
  const services = region.nodes.filter((n) => n.kind === 'service').length;
  return {
    title: region.name,
    subtitle: `region · ${services} services · ${region.connections.length} connections`,
    figures: regionFigures(region),
    history: historyKey.region(region.name),
    callers: [],
    callees: [],
    busiest: servicePeers(region, drawn)
      .sort((a, b) => b.rps - a.rps || (a.name < b.name ? -1 : 1))
      .slice(0, TOP),
    worst: servicePeers(region, drawn)
      .filter((p) => p.errorRatio > 0)
      .sort((a, b) => b.errorRatio - a.errorRatio || b.rps - a.rps || (a.name < b.name ? -1 : 1))
      .slice(0, TOP),
    notices: region.notices ?? [],
    ...regionsProvenance(graph, [region.name], statuses),
    latency: latencyOf({ kind: 'region', region: region.name }, region.latency),
    traceOnly: false,
  };
}

function servicePeers(region: Region, drawn: ReadonlySet<string>): Peer[] {
  return region.nodes
    .filter((n) => n.kind === 'service')
    .map((n) => ({ id: drawn.has(n.name) ? n.name : null, name: n.name, rps: totalRate(n.rate), errorRatio: errorRatio(n.rate) }));
}

/** A region's headline is what enters it (its class is judged on that); internal calls come second. */
function regionFigures(region: Region): Figure[] {
  if (!region.ingress) return rateFigures(region.rate);
  const figures = rateFigures(region.ingress).map((f) => ({ ...f, label: `ingress ${f.label}` }));
  figures.push({ label: 'internal calls/s', value: formatRps(totalRate(region.internal ?? region.rate)) });
  const worst = region.worstCall;
  if (worst) figures.push({ label: `worst: ${worst.source} → ${worst.target}`, value: formatPercent(errorRatio(worst.rate)) });
  if (region.latency) figures.push(...latencyFigures(region.latency, 'ingress '));
  return figures;
}

/** The panel's content for the selected node or edge id of `model`, or the view summary when none. */
export function panelData(graph: Graph, model: ViewModel, selected: string | null, statuses: readonly SourceStatus[]): PanelData {
  const route = model.route;
  const drawn = new Set(model.nodes.map((n) => n.id));
  const node = selected === null ? undefined : model.nodes.find((n) => n.id === selected);
  const edge = selected === null || node ? undefined : model.edges.find((e) => e.id === selected);
  if (!node && !edge) return viewSummary(graph, route, statuses, drawn);

  if (route.view === 'global') {
    if (node) {
      const provenance = regionsProvenance(graph, node.kind === 'region' ? [node.name] : graph.regions.map((r) => r.name), statuses);
      const subtitle = node.kind === 'internet' ? 'callers outside the mesh' : 'region';
      const history = node.kind === 'region' ? historyKey.region(node.name) : historyKey.node('', INTERNET);
      const latency = node.kind === 'region' ? latencyOf({ kind: 'region', region: node.name }, node.latency) : null;
      return nodePanel(node, subtitle, history, graph.connections, drawn, provenance, latency, 'ingress ');
    }
    const e = edge!;
    return edgePanel(e, 'calls between regions', historyKey.globalCall(e.source, e.target), regionsProvenance(graph, [e.source, e.target], statuses), null);
  }

  const region = graph.regions.find((r) => r.name === route.region);
  const regionName = route.region ?? '';
  const provenance = regionsProvenance(graph, [regionName], statuses);
  if (node?.island) {
    // An island's callers and callees are the other nodes its merged edges join it to on screen.
    const names = new Map(model.nodes.map((n) => [n.id, n.name]));
    return nodePanel(node, `island of ${node.island.members} services · in ${regionName}`, historyKey.node(regionName, node.id), model.edges, drawn, provenance, null, '', (id) => names.get(id) ?? id);
  }
  if (node) {
    const kind = node.kind === 'region' ? 'another region' : node.kind === 'internet' ? 'callers outside the mesh' : 'service';
    const latency = node.kind === 'service' ? latencyOf({ kind: 'service', region: regionName, service: node.name }, node.latency) : null;
    return nodePanel(node, `${kind} · in ${regionName}`, historyKey.node(regionName, node.name), region?.connections ?? [], drawn, provenance, latency);
  }
  const e = edge!;
  return edgePanel(e, `calls · in ${regionName}`, historyKey.call(regionName, e.source, e.target), provenance, regionName);
}

type Provenance = ReturnType<typeof regionsProvenance>;

/** A selected node: its figures, and its callers and callees among `calls` (the connections of its view). */
function nodePanel(
  node: ViewNode,
  subtitle: string,
  history: PanelData['history'],
  calls: readonly Connection[],
  drawn: ReadonlySet<string>,
  provenance: Provenance,
  latency: PanelData['latency'],
  latencyPrefix = '',
  nameOf?: (id: string) => string,
): PanelData {
  return {
    title: node.name,
    subtitle,
    figures: latency ? [...rateFigures(node.rate), ...latencyFigures(latency.quantiles, latencyPrefix)] : rateFigures(node.rate),
    history,
    callers: peers(calls.filter((c) => c.target === node.id), 'source', drawn, nameOf),
    callees: peers(calls.filter((c) => c.source === node.id), 'target', drawn, nameOf),
    busiest: [],
    worst: [],
    notices: node.notices,
    ...provenance,
    latency,
    traceOnly: false,
  };
}

/** A selected edge: its figures (latency too), no peers. `region`: the view it is in, null for the global view. */
function edgePanel(e: ViewEdge, subtitle: string, history: PanelData['history'], provenance: Provenance, region: string | null): PanelData {
  return {
    title: `${e.source} → ${e.target}`,
    subtitle,
    figures: edgeFigures(e),
    history,
    callers: [],
    callees: [],
    busiest: [],
    worst: [],
    notices: e.notices,
    ...provenance,
    latency: latencyOf({ kind: 'call', region, source: e.source, target: e.target }, e.latency),
    traceOnly: e.traceOnly === true,
  };
}

/** Rates, then p50/p95/p99 from buckets; a source without histograms gives one latency figure (its own p95 or mean). */
function edgeFigures(e: ViewEdge): Figure[] {
  const figures = rateFigures(e.rate);
  if (e.latency !== undefined) return [...figures, ...latencyFigures(e.latency)];
  const latencyMs = e.latencyMs;
  if (latencyMs !== undefined) figures.push({ label: 'latency', value: `${latencyMs < 10 ? latencyMs.toFixed(1) : latencyMs.toFixed(0)} ms` });
  return figures;
}

/** A notice's link is data from a source: only http(s) URLs become links, anything else stays text. */
export function safeLink(link: string | undefined): string | null {
  if (link === undefined) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
