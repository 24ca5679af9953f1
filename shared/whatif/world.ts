// The live graph read back into service-level flows: who calls whom at which rate, per (region, service).
// The graph keeps a cross-region call as two halves (caller → remote region in one view, remote region →
// callee in the other); the pairs are rebuilt by splitting each caller's share in proportion to the
// callees' shares — exact whenever either side is a single service, a gravity-model estimate otherwise.
import { INTERNET, totalRate, type Graph, type RequestRate } from '../model';

export interface WorldService {
  region: string;
  service: string;
  /** Requests per second into the service now (INTERNET, local and remote callers). */
  incoming: number;
  /** Requests per second out of the service now. */
  outgoing: number;
}

/** A service-level call. `from === -1`: from the INTERNET. */
export interface WorldFlow {
  from: number;
  to: number;
  rate: RequestRate;
  total: number;
}

/** A region-to-region call known only at region level (a Vizceral feed's global connection). */
export interface RegionFlow {
  from: string;
  to: string;
  rate: RequestRate;
  total: number;
}

export interface World {
  regions: string[];
  services: WorldService[];
  /** region → service → index into `services`. */
  index: Map<string, Map<string, number>>;
  flows: WorldFlow[];
  regionFlows: RegionFlow[];
  /** INTERNET requests per second into each region now. */
  ingress: Map<string, number>;
}

function scale(rate: RequestRate, by: number): RequestRate {
  return { normal: rate.normal * by, danger: rate.danger * by, warning: rate.warning * by };
}

function add(into: RequestRate, rate: RequestRate): void {
  into.normal += rate.normal;
  into.danger += rate.danger;
  into.warning += rate.warning;
}

export function readWorld(graph: Graph): World {
  const regions = graph.regions.map((r) => r.name);
  const regionSet = new Set(regions);
  const services: WorldService[] = [];
  const index = new Map<string, Map<string, number>>();
  const serviceIndex = (region: string, service: string): number => {
    let byName = index.get(region);
    if (!byName) index.set(region, (byName = new Map()));
    let i = byName.get(service);
    if (i === undefined) {
      i = services.length;
      services.push({ region, service, incoming: 0, outgoing: 0 });
      byName.set(service, i);
    }
    return i;
  };
  const flows: WorldFlow[] = [];
  const push = (from: number, to: number, rate: RequestRate): void => {
    const total = totalRate(rate);
    if (!(total > 0)) return;
    flows.push({ from, to, rate, total });
    services[to]!.incoming += total;
    if (from >= 0) services[from]!.outgoing += total;
  };
  // Cross-region halves, keyed "callerRegion → calleeRegion".
  const outHalves = new Map<string, Array<{ from: number; rate: RequestRate }>>();
  const inHalves = new Map<string, Array<{ to: number; total: number }>>();
  const ingress = new Map<string, number>(regions.map((r) => [r, 0]));
  for (const region of graph.regions) {
    const kinds = new Map(region.nodes.map((n) => [n.name, n.kind]));
    for (const n of region.nodes) if (n.kind === 'service') serviceIndex(region.name, n.name);
    for (const c of region.connections) {
      const sourceKind = kinds.get(c.source);
      const targetKind = kinds.get(c.target);
      if (sourceKind === 'internet' && targetKind === 'service') {
        push(-1, serviceIndex(region.name, c.target), c.rate);
        ingress.set(region.name, (ingress.get(region.name) ?? 0) + totalRate(c.rate));
      } else if (sourceKind === 'service' && targetKind === 'service') {
        push(serviceIndex(region.name, c.source), serviceIndex(region.name, c.target), c.rate);
      } else if (sourceKind === 'service' && targetKind === 'region') {
        const key = region.name + '\u0000' + c.target;
        let list = outHalves.get(key);
        if (!list) outHalves.set(key, (list = []));
        list.push({ from: serviceIndex(region.name, c.source), rate: c.rate });
      } else if (sourceKind === 'region' && targetKind === 'service') {
        const key = c.source + '\u0000' + region.name;
        let list = inHalves.get(key);
        if (!list) inHalves.set(key, (list = []));
        list.push({ to: serviceIndex(region.name, c.target), total: totalRate(c.rate) });
      }
    }
  }
  const explained = new Map<string, RequestRate>();
  for (const [key, outs] of outHalves) {
    const ins = inHalves.get(key);
    const inTotal = ins ? ins.reduce((sum, h) => sum + h.total, 0) : 0;
    if (!ins || !(inTotal > 0)) continue; // the callee side is missing: left to the region-level residual
    const sum = { normal: 0, danger: 0, warning: 0 };
    for (const out of outs) {
      for (const half of ins) push(out.from, half.to, scale(out.rate, half.total / inTotal));
      add(sum, out.rate);
    }
    explained.set(key, sum);
  }
  // What a global connection carries beyond the service-level calls is region-level only.
  const regionFlows: RegionFlow[] = [];
  for (const c of graph.connections) {
    if (c.source === INTERNET || !regionSet.has(c.source) || !regionSet.has(c.target) || c.source === c.target) continue;
    const known = explained.get(c.source + '\u0000' + c.target) ?? { normal: 0, danger: 0, warning: 0 };
    const rate = {
      normal: Math.max(0, c.rate.normal - known.normal),
      danger: Math.max(0, c.rate.danger - known.danger),
      warning: Math.max(0, c.rate.warning - known.warning),
    };
    const total = totalRate(rate);
    // Rounding in the graph (to 3 significant digits) leaves crumbs: ignore residuals under 1 %.
    if (total > 0.01 * totalRate(c.rate)) regionFlows.push({ from: c.source, to: c.target, rate, total });
  }
  return { regions, services, index, flows, regionFlows, ingress };
}
