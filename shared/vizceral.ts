// Vizceral's JSON format (github.com/Netflix/vizceral/wiki/How-to-Use#graph-data-format), both ways:
// `/api/graph` speaks it, and a `vizceral` source reads it so that existing feeds keep working.
import { INTERNET, type Call, type Connection, type Graph, type Notice, type Region, type RequestRate, totalRate } from './model';

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
  if (c.latencyMs !== undefined) (out.metadata ??= {}).latencyMs = c.latencyMs;
  if (c.traceOnly) (out.metadata ??= {}).traceOnly = true;
  return out;
}

/** A region's own numbers beside Vizceral's fields: freshness, provenance and the ingress its class is judged on. */
function regionMetadata(region: Region): Record<string, unknown> {
  const out: Record<string, unknown> = { staleSince: region.staleSince, sources: region.sources, partial: region.partial === true };
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

/**
 * Reads a Vizceral feed into calls. Connections inside a region become calls between its services
 * (INTERNET → service for outside traffic); global connections between two regions become region-level calls.
 * The global INTERNET → region connections are not read: the per-service INTERNET calls already sum to them.
 */
export function callsFromVizceral(raw: unknown): { calls: Call[]; updated: number } {
  if (!isObject(raw) || !Array.isArray(raw.nodes)) throw new VizceralFormatError('not a Vizceral graph: no "nodes" array');
  const calls: Call[] = [];
  let updated = num(raw.serverUpdateTime);
  const regionNames = new Set<string>();
  for (const [i, region] of raw.nodes.entries()) {
    if (!isObject(region) || typeof region.name !== 'string') throw new VizceralFormatError(`nodes[${i}]: no "name"`);
    if (region.name === INTERNET) continue;
    regionNames.add(region.name);
    updated = Math.max(updated, num(region.updated));
    const connections = Array.isArray(region.connections) ? region.connections : [];
    for (const [j, c] of connections.entries()) {
      if (!isObject(c) || typeof c.source !== 'string' || typeof c.target !== 'string') {
        throw new VizceralFormatError(`nodes[${i}].connections[${j}]: needs "source" and "target" strings`);
      }
      const rate = rateOf(c.metrics as VizceralMetrics | undefined);
      const fromOutside = c.source === INTERNET;
      calls.push({
        sourceRegion: fromOutside ? INTERNET : region.name,
        source: c.source,
        destinationRegion: region.name,
        destination: c.target,
        rate,
      });
    }
  }
  const globals = Array.isArray(raw.connections) ? raw.connections : [];
  for (const [j, c] of globals.entries()) {
    if (!isObject(c) || typeof c.source !== 'string' || typeof c.target !== 'string') {
      throw new VizceralFormatError(`connections[${j}]: needs "source" and "target" strings`);
    }
    if (c.source === INTERNET || !regionNames.has(c.source) || !regionNames.has(c.target)) continue;
    const rate = rateOf(c.metrics as VizceralMetrics | undefined);
    calls.push({ sourceRegion: c.source, source: c.source, destinationRegion: c.target, destination: c.target, rate, scope: 'global' });
  }
  return { calls, updated };
}
