// Reads the hub's `/api/graph` (Vizceral format, CONTRACT.md → HTTP) to pick regions and services to visit.
interface VizNode {
  name: string;
  renderer?: string;
  nodes?: VizNode[];
  connections?: { source: string; target: string; metrics?: { normal?: number; danger?: number } }[];
}

export interface Topology {
  regions: string[];
  /** Per region: its services and calls. */
  byRegion: Map<string, { services: string[]; calls: { source: string; target: string; rps: number }[] }>;
}

export async function topology(hubUrl: string, token?: string): Promise<Topology> {
  const response = await fetch(new URL('/api/graph', hubUrl), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`/api/graph: HTTP ${response.status}`);
  const graph = (await response.json()) as { nodes: VizNode[] };
  const byRegion: Topology['byRegion'] = new Map();
  for (const region of graph.nodes) {
    if (region.name === 'INTERNET') continue;
    byRegion.set(region.name, {
      services: (region.nodes ?? []).map((n) => n.name).filter((n) => n !== 'INTERNET'),
      calls: (region.connections ?? []).map((c) => ({ source: c.source, target: c.target, rps: (c.metrics?.normal ?? 0) + (c.metrics?.danger ?? 0) })),
    });
  }
  return { regions: [...byRegion.keys()], byRegion };
}

/** The busiest service of a region that both receives and makes calls: the richest focus view. */
export function hubService(topo: Topology, region: string): string {
  const entry = topo.byRegion.get(region);
  if (!entry) throw new Error(`no region ${region}`);
  let best = '';
  let bestScore = -1;
  for (const service of entry.services) {
    const incoming = entry.calls.filter((c) => c.target === service);
    const outgoing = entry.calls.filter((c) => c.source === service);
    if (incoming.length === 0 || outgoing.length === 0) continue;
    const score = incoming.length + outgoing.length;
    if (score > bestScore) {
      bestScore = score;
      best = service;
    }
  }
  if (!best) throw new Error(`region ${region} has no service with callers and callees`);
  return best;
}
