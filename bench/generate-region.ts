// Benchmark data: one region of N services in Vizceral's format (github.com/Netflix/vizceral/wiki/How-to-Use),
// shaped like a real microservice estate: INTERNET → edge proxies → API gateways → mid-tier → backends →
// storage, each caller fanning out to ~6 services in the next one or two layers (≈ 5 N calls in all).
// Deterministic for a given N and seed, so flowsight and Vizceral are measured on the very same graph.
// CLI: `npx tsx bench/generate-region.ts 1000 [seed] > region.json`.
import { pathToFileURL } from 'node:url';

export interface GeneratedRegion {
  /** The whole Vizceral document: a `global` graph with INTERNET and the one region. */
  graph: VizceralDocument;
  region: string;
  services: number;
  connections: number;
}

export interface Metrics {
  normal: number;
  danger?: number;
  warning?: number;
}
export interface VizceralDocumentConnection {
  source: string;
  target: string;
  metrics: Metrics;
  class?: string;
}
export interface VizceralDocumentNode {
  renderer: string;
  name: string;
  displayName?: string;
  class: string;
  updated?: number;
  maxVolume?: number;
  metadata?: Record<string, unknown>;
  nodes?: VizceralDocumentNode[];
  connections?: VizceralDocumentConnection[];
}
export interface VizceralDocument extends VizceralDocumentNode {
  serverUpdateTime: number;
  nodes: VizceralDocumentNode[];
  connections: VizceralDocumentConnection[];
}

/** mulberry32: a tiny seeded generator (the benchmark must not change between runs). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Share of the services in each layer, and the words their names are made of.
const LAYERS = [
  { share: 0.02, prefix: 'edge', words: ['proxy', 'gateway', 'ingress', 'cdn-origin', 'lb'] },
  { share: 0.08, prefix: 'api', words: ['web', 'mobile', 'partner', 'tv', 'graphql', 'public', 'internal'] },
  { share: 0.3, prefix: 'svc', words: ['accounts', 'catalog', 'search', 'playback', 'billing', 'recommend', 'profile', 'session', 'ratings', 'history', 'artwork', 'subtitles', 'license', 'device', 'notify', 'ab-test'] },
  { share: 0.4, prefix: 'core', words: ['identity', 'entitlement', 'pricing', 'geo', 'metadata', 'ranking', 'features', 'events', 'audit', 'token', 'config', 'locale', 'fraud', 'quota'] },
  { share: 0.2, prefix: 'store', words: ['cassandra', 'redis', 'mysql', 'elastic', 'kafka', 'memcached', 's3-gw', 'dynamo'] },
] as const;
const CALLS_PER_SERVICE = 5;

/** A region of `services` services with ≈ 5 × services calls and INTERNET traffic into its edge layer. */
export function generateRegion(services: number, seed = 42, region = `synthetic-${services}`): GeneratedRegion {
  const random = seededRandom(seed ^ services);
  const layers: string[][] = [];
  let assigned = 0;
  LAYERS.forEach((layer, index) => {
    const count = index === LAYERS.length - 1 ? services - assigned : Math.max(2, Math.round(services * layer.share));
    const names: string[] = [];
    for (let i = 0; i < count; i++) names.push(`${layer.prefix}-${layer.words[i % layer.words.length]}-${Math.floor(i / layer.words.length) + 1}`);
    layers.push(names);
    assigned += count;
  });

  // Callers fan out to the next layer mostly, sometimes two layers down; the leaves (storage) call nothing.
  const callers = layers.slice(0, -1).reduce((n, layer) => n + layer.length, 0);
  const edgeLayer = layers[0] ?? [];
  const meanFanOut = (CALLS_PER_SERVICE * services - edgeLayer.length) / callers;
  const edges = new Map<string, Set<string>>();
  layers.slice(0, -1).forEach((layer, depth) => {
    for (const caller of layer) {
      const targets = new Set<string>();
      const wanted = Math.max(1, Math.round(meanFanOut * (0.5 + random())));
      for (let attempt = 0; targets.size < wanted && attempt < wanted * 4; attempt++) {
        const down = depth + 2 < layers.length && random() < 0.25 ? 2 : 1;
        const pool = layers[depth + down] ?? [];
        // A skewed pick: a few popular services (auth, config, caches) are called by many.
        const target = pool[Math.floor(pool.length * random() ** 1.6)];
        if (target !== undefined) targets.add(target);
      }
      edges.set(caller, targets);
    }
  });

  // Rates flow down the layers: each service passes its inbound rate on, amplified a little per call.
  const inbound = new Map<string, number>();
  const connections: VizceralDocumentConnection[] = [];
  const total = 20_000 * Math.sqrt(services);
  const rate = (normal: number): Metrics => {
    const errorRatio = random() < 0.05 ? 0.02 + 0.08 * random() : 0.002 * random();
    const danger = Math.round(normal * errorRatio * 1000) / 1000;
    const metrics: Metrics = { normal: Math.round((normal - danger) * 1000) / 1000, danger };
    if (random() < 0.1) metrics.warning = Math.round(normal * 0.01 * random() * 1000) / 1000;
    return metrics;
  };
  for (const edge of edgeLayer) {
    const normal = (total / edgeLayer.length) * (0.5 + random());
    inbound.set(edge, normal);
    connections.push({ source: 'INTERNET', target: edge, metrics: rate(normal), class: 'normal' });
  }
  for (const layer of layers) {
    for (const caller of layer) {
      const targets = edges.get(caller);
      if (!targets) continue;
      const own = inbound.get(caller) ?? 1;
      const weights = [...targets].map(() => 0.2 + random());
      const sum = weights.reduce((a, b) => a + b, 0);
      [...targets].forEach((target, i) => {
        const normal = Math.max(0.05, (own * 1.4 * (weights[i] ?? 1)) / sum);
        inbound.set(target, (inbound.get(target) ?? 0) + normal);
        connections.push({ source: caller, target, metrics: rate(normal), class: 'normal' });
      });
    }
  }

  const volume = (m: Metrics) => m.normal + (m.danger ?? 0) + (m.warning ?? 0);
  const maxVolume = connections.reduce((max, c) => Math.max(max, volume(c.metrics)), 0);
  const internetTotal = connections.filter((c) => c.source === 'INTERNET').reduce((sum, c) => sum + volume(c.metrics), 0);
  const updated = Date.UTC(2026, 0, 1);
  const nodes: VizceralDocumentNode[] = [
    { renderer: 'focusedChild', name: 'INTERNET', class: 'normal' },
    ...layers.flat().map((name) => ({ renderer: 'focusedChild', name, class: 'normal' })),
  ];
  const graph: VizceralDocument = {
    renderer: 'global',
    name: 'edge',
    class: 'normal',
    serverUpdateTime: updated,
    nodes: [
      { renderer: 'region', name: 'INTERNET', class: 'normal' },
      { renderer: 'region', name: region, displayName: region.toUpperCase(), class: 'normal', updated, maxVolume, nodes, connections },
    ],
    connections: [{ source: 'INTERNET', target: region, metrics: { normal: internetTotal }, class: 'normal' }],
  };
  return { graph, region, services, connections: connections.length };
}

/**
 * A world of `regions` regions of `services` services each (generateRegion's shape, one seed per region),
 * each fed by the INTERNET, with a thin failover trickle from every region to the next.
 */
export function generateGlobal(regions: number, services: number, seed = 42): GeneratedRegion {
  const nodes: VizceralDocumentNode[] = [{ renderer: 'region', name: 'INTERNET', class: 'normal' }];
  const connections: VizceralDocumentConnection[] = [];
  let calls = 0;
  const names: string[] = [];
  for (let i = 0; i < regions; i++) {
    const name = `region-${String(i + 1).padStart(2, '0')}`;
    names.push(name);
    const one = generateRegion(services, seed + i, name);
    nodes.push(...one.graph.nodes.filter((n) => n.name !== 'INTERNET'));
    connections.push(...one.graph.connections);
    calls += one.connections;
  }
  names.forEach((name, i) => connections.push({ source: name, target: names[(i + 1) % names.length]!, metrics: { normal: 5 + i }, class: 'normal' }));
  const graph: VizceralDocument = { renderer: 'global', name: 'edge', class: 'normal', serverUpdateTime: Date.UTC(2026, 0, 1), nodes, connections };
  return { graph, region: '', services: regions * services, connections: calls + connections.length };
}

/** The same document with every rate scaled, so a file source sees new rates (for the update-latency run). */
export function scaleRates(graph: VizceralDocument, factor: number): VizceralDocument {
  const scale = (c: VizceralDocumentConnection): VizceralDocumentConnection => ({
    ...c,
    metrics: Object.fromEntries(Object.entries(c.metrics).map(([k, v]) => [k, Math.round(v * factor * 1000) / 1000])) as unknown as Metrics,
  });
  return {
    ...graph,
    serverUpdateTime: graph.serverUpdateTime + 1,
    connections: graph.connections.map(scale),
    nodes: graph.nodes.map((n) => (n.connections ? { ...n, connections: n.connections.map(scale) } : n)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const services = Number(process.argv[2] ?? 300);
  const seed = Number(process.argv[3] ?? 42);
  if (!Number.isInteger(services) || services < 10) throw new Error(`services: expected an integer ≥ 10, got ${process.argv[2]}`);
  process.stdout.write(JSON.stringify(generateRegion(services, seed).graph) + '\n');
}
