// A deterministic synthetic region (seeded LCG) of N services in tiers, for layout tests, the scene
// harness and benchmarks at 300 and 1,000 services where no real feed is that big.
import { classify } from '../classify';
import { DEFAULT_THRESHOLDS, INTERNET, type Connection, type Graph, type RequestRate, type ServiceNode } from '../model';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A region named `region` with `services` services and about `edgesPerService` calls each. */
export function syntheticRegionGraph(region: string, services: number, edgesPerService = 5, seed = 1): Graph {
  const random = lcg(seed);
  const names: string[] = [];
  for (let i = 0; i < services; i++) names.push(`svc-${String(i).padStart(4, '0')}`);
  // Tiers: a few edge services called from the INTERNET, then deeper tiers calling only deeper ones.
  const tiers = Math.max(3, Math.round(Math.log2(services)));
  const tierOf = names.map((_, i) => Math.min(tiers - 1, Math.floor((i / services) ** 0.8 * tiers)));
  const incoming = new Map<string, RequestRate>();
  const connections: Connection[] = [];
  const seen = new Set<string>();
  const add = (source: string, target: string, rps: number, errorRatio: number) => {
    const key = source + '\u0000' + target;
    if (seen.has(key)) return;
    seen.add(key);
    const rate: RequestRate = { normal: rps * (1 - errorRatio), danger: rps * errorRatio, warning: 0 };
    connections.push({ source, target, rate, class: classify(rate, DEFAULT_THRESHOLDS) });
    const into = incoming.get(target) ?? { normal: 0, danger: 0, warning: 0 };
    into.normal += rate.normal;
    into.danger += rate.danger;
    incoming.set(target, into);
  };
  const errorOf = () => (random() < 0.08 ? random() * 0.2 : random() < 0.3 ? random() * 0.004 : 0);
  for (let i = 0; i < services; i++) if (tierOf[i] === 0) add(INTERNET, names[i]!, 200 + random() * 20000, errorOf());
  for (let i = 0; i < services; i++) {
    const fanout = Math.max(1, Math.round(edgesPerService * (0.4 + random() * 1.2)));
    for (let k = 0; k < fanout; k++) {
      const j = Math.floor(random() * services);
      if (j === i || tierOf[j]! <= tierOf[i]! || tierOf[j]! > tierOf[i]! + 2) continue;
      add(names[i]!, names[j]!, 10 ** (random() * 4), errorOf());
    }
  }
  const nodes: ServiceNode[] = [{ name: INTERNET, kind: 'internet', rate: { normal: 0, danger: 0, warning: 0 }, class: 'normal' }];
  for (const name of names) {
    const rate = incoming.get(name) ?? { normal: 0, danger: 0, warning: 0 };
    nodes.push({ name, kind: 'service', rate, class: classify(rate, DEFAULT_THRESHOLDS) });
  }
  const total = { normal: 0, danger: 0, warning: 0 };
  for (const r of incoming.values()) {
    total.normal += r.normal;
    total.danger += r.danger;
  }
  return {
    serverUpdateTime: 0,
    regions: [{ name: region, updated: 0, sources: ['synthetic'], staleSince: null, rate: total, class: classify(total, DEFAULT_THRESHOLDS), nodes, connections }],
    connections: [{ source: INTERNET, target: region, rate: total, class: classify(total, DEFAULT_THRESHOLDS) }],
  };
}
