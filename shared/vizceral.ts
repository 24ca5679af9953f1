// Vizceral's JSON format (github.com/Netflix/vizceral/wiki/How-to-Use#graph-data-format), both ways:
// `/api/graph` speaks it, and a `vizceral` source reads it so that existing feeds keep working.
import { INTERNET, type Call, type Connection, type Graph, type Notice, type NoticeTarget, type Region, type RequestRate, type Severity, totalRate } from './model';

export interface VizceralMetrics {
  normal?: number;
  danger?: number;
  warning?: number;
}

export interface VizceralConnection {
  source: string;
  target: string;
  metrics?: VizceralMetrics;
  class?: string;
  notices?: Notice[];
  metadata?: Record<string, unknown>;
}

export interface VizceralNode {
  renderer?: string;
  name: string;
  displayName?: string;
  class?: string;
  updated?: number;
  maxVolume?: number;
  metadata?: Record<string, unknown>;
  notices?: Notice[];
  nodes?: VizceralNode[];
  connections?: VizceralConnection[];
}

export interface VizceralGraph extends VizceralNode {
  renderer: 'global';
  serverUpdateTime: number;
  nodes: VizceralNode[];
  connections: VizceralConnection[];
}

function metrics(rate: RequestRate): VizceralMetrics {
  const out: VizceralMetrics = { normal: rate.normal, danger: rate.danger };
  if (rate.warning > 0) out.warning = rate.warning;
  return out;
}

function connection(c: Connection): VizceralConnection {
  const out: VizceralConnection = { source: c.source, target: c.target, metrics: metrics(c.rate), class: c.class };
  if (c.notices?.length) out.notices = c.notices;
  // Latency as p50/p95/p99 ms from histograms; absent where unknown, never 0 as a stand-in.
  if (c.latency !== undefined) (out.metadata ??= {}).latencyMs = { ...c.latency };
  if (c.traceOnly) (out.metadata ??= {}).traceOnly = true;
  return out;
}

/** A region's own numbers beside Vizceral's fields: freshness, provenance and the ingress its class is judged on. */
function regionMetadata(region: Region): Record<string, unknown> {
  const out: Record<string, unknown> = { staleSince: region.staleSince, sources: region.sources, partial: region.partial === true };
  // Of the merged buckets of its ingress; absent where unknown, never 0 as a stand-in.
  if (region.latency !== undefined) out['latencyMs'] = { ...region.latency };
  if (region.ingress) out['ingress'] = metrics(region.ingress);
  if (region.internal) out['internal'] = metrics(region.internal);
  if (region.worstCall !== undefined) {
    const w = region.worstCall;
    out['worstCall'] = w === null ? null : { source: w.source, target: w.target, metrics: metrics(w.rate), class: w.class };
  }
  return out;
}

/**
 * The graph in Vizceral's format: INTERNET and one `region` node per region, each with its services and
 * the calls between them. Calls to or from other regions are the global connections between region nodes.
 */
export function toVizceral(graph: Graph): VizceralGraph {
  const regionNodes: VizceralNode[] = graph.regions.map((region) => {
    const local = new Set(region.nodes.filter((n) => n.kind !== 'region').map((n) => n.name));
    let maxVolume = 0;
    const connections = region.connections
      .filter((c) => local.has(c.source) && local.has(c.target))
      .map((c) => {
        maxVolume = Math.max(maxVolume, totalRate(c.rate));
        return connection(c);
      });
    const node: VizceralNode = {
      renderer: 'region',
      name: region.name,
      displayName: region.name,
      class: region.class,
      updated: region.updated,
      maxVolume,
      metadata: regionMetadata(region),
      nodes: region.nodes
        .filter((n) => n.kind !== 'region')
        .map((n) => {
          const out: VizceralNode = { name: n.name, renderer: 'focusedChild', class: n.class, metadata: { kind: n.kind } };
          // Of the merged buckets of every call into the service.
          if (n.latency !== undefined) out.metadata!['latencyMs'] = { ...n.latency };
          if (n.notices?.length) out.notices = n.notices;
          return out;
        }),
      connections,
    };
    if (region.notices?.length) node.notices = region.notices;
    return node;
  });
  // INTERNET is judged like a region's ingress: what it sends is what the mesh's users feel.
  const internet: VizceralNode = { renderer: 'region', name: INTERNET, displayName: INTERNET, class: graph.internet?.class ?? 'normal', nodes: [], connections: [] };
  return {
    renderer: 'global',
    name: 'edge',
    serverUpdateTime: graph.serverUpdateTime,
    nodes: [internet, ...regionNodes],
    connections: graph.connections.map(connection),
  };
}

export class VizceralFormatError extends Error {
  override name = 'VizceralFormatError';
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function rateOf(m: VizceralMetrics | undefined): RequestRate {
  return { normal: num(m?.normal), danger: num(m?.danger), warning: num(m?.warning) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a feed holds for the hub: its calls, its notices and its own time. */
export interface VizceralFeed {
  calls: Call[];
  notices: NoticeTarget[];
  /** Epoch ms the feed says it was made (`serverUpdateTime`, else its newest region `updated`), or 0. */
  updated: number;
  /** Each region's own `updated`, where the feed gives one. */
  regionUpdated: Record<string, number>;
}

// Vizceral's notice severities are numbers: 0 (or none) info, 1 warning, 2 danger; names are read as well.
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'danger'];
const MAX_TITLE = 500;

function noticesOf(raw: unknown): Notice[] {
  if (!Array.isArray(raw)) return [];
  const out: Notice[] = [];
  for (const n of raw) {
    if (!isObject(n) || typeof n.title !== 'string' || n.title === '') continue;
    const severity =
      typeof n.severity === 'number'
        ? (SEVERITIES[Math.round(n.severity)] ?? (n.severity > 2 ? 'danger' : 'info'))
        : SEVERITIES.find((name) => name === n.severity) ?? 'info';
    const notice: Notice = { severity, title: n.title.slice(0, MAX_TITLE) };
    // A link is followed by a click on screen: only web addresses, never javascript: or data: URLs.
    if (typeof n.link === 'string' && /^https?:\/\//i.test(n.link)) notice.link = n.link;
    out.push(notice);
  }
  return out;
}

function endsOf(c: unknown, where: string): { source: string; target: string; raw: Record<string, unknown> } {
  if (!isObject(c) || typeof c.source !== 'string' || typeof c.target !== 'string') {
    throw new VizceralFormatError(`${where}: needs "source" and "target" strings`);
  }
  return { source: c.source, target: c.target, raw: c };
}

/** One region node's services and calls; INTERNET → service calls are `scope: region` when the feed has its own global figure. */
function readRegion(region: Record<string, unknown>, name: string, where: string, ownIngress: boolean, feed: VizceralFeed): void {
  const at = num(region.updated);
  if (at > 0) feed.regionUpdated[name] = at;
  for (const notice of noticesOf(region.notices)) feed.notices.push({ region: name, notice });
  const nodes = Array.isArray(region.nodes) ? region.nodes : [];
  for (const node of nodes) {
    if (!isObject(node) || typeof node.name !== 'string') continue;
    for (const notice of noticesOf(node.notices)) feed.notices.push({ region: name, service: node.name, notice });
  }
  const connections = Array.isArray(region.connections) ? region.connections : [];
  for (const [j, raw] of connections.entries()) {
    const c = endsOf(raw, `${where}.connections[${j}]`);
    const fromOutside = c.source === INTERNET;
    const call: Call = {
      sourceRegion: fromOutside ? INTERNET : name,
      source: c.source,
      destinationRegion: name,
      destination: c.target,
      rate: rateOf(c.raw.metrics as VizceralMetrics | undefined),
    };
    if (fromOutside && ownIngress) call.scope = 'region';
    feed.calls.push(call);
    for (const notice of noticesOf(c.raw.notices)) feed.notices.push({ region: name, service: c.source, target: c.target, notice });
  }
}

/**
 * Reads a Vizceral feed as Vizceral draws it. A `global` root: each `region` node's services and calls, the
 * global connections between regions as region-level calls, and the feed's own INTERNET → region figures
 * (which need not equal the sum of the region's INTERNET calls). A `region` root: that one region.
 */
export function callsFromVizceral(raw: unknown): VizceralFeed {
  if (!isObject(raw) || !Array.isArray(raw.nodes)) throw new VizceralFormatError('not a Vizceral graph: no "nodes" array');
  const feed: VizceralFeed = { calls: [], notices: [], updated: num(raw.serverUpdateTime), regionUpdated: {} };
  if (raw.renderer === 'region') {
    const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : 'region';
    readRegion(raw, name, 'root', false, feed);
  } else {
    const globals = Array.isArray(raw.connections) ? raw.connections.map((c, j) => endsOf(c, `connections[${j}]`)) : [];
    const ingress = new Set(globals.filter((c) => c.source === INTERNET).map((c) => c.target));
    const regionNames = new Set<string>();
    for (const [i, region] of raw.nodes.entries()) {
      if (!isObject(region) || typeof region.name !== 'string') throw new VizceralFormatError(`nodes[${i}]: no "name"`);
      if (region.name === INTERNET) continue;
      regionNames.add(region.name);
      readRegion(region, region.name, `nodes[${i}]`, ingress.has(region.name), feed);
    }
    for (const c of globals) {
      if (!regionNames.has(c.target) || (c.source !== INTERNET && !regionNames.has(c.source))) continue;
      const rate = rateOf(c.raw.metrics as VizceralMetrics | undefined);
      const sourceRegion = c.source;
      feed.calls.push({ sourceRegion, source: c.source, destinationRegion: c.target, destination: c.target, rate, scope: 'global' });
      for (const notice of noticesOf(c.raw.notices)) feed.notices.push({ scope: 'global', service: c.source, target: c.target, notice });
    }
  }
  for (const at of Object.values(feed.regionUpdated)) feed.updated = Math.max(feed.updated, at);
  return feed;
}
