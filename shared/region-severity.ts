// A region is judged by what its users feel: the calls entering it (from the INTERNET and from other
// regions), not the average over every internal call, where a healthy crowd would dilute an outage.
import { classify, roundRate } from './classify';
import {
  INTERNET,
  errorRatio,
  totalRate,
  type Connection,
  type InternetSummary,
  type RequestRate,
  type ServiceNode,
  type Thresholds,
  type TrafficClass,
  type WorstCall,
} from './model';

const RANK: Record<TrafficClass, number> = { normal: 0, warning: 1, danger: 2 };

function zero(): RequestRate {
  return { normal: 0, danger: 0, warning: 0 };
}

function add(into: RequestRate, rate: RequestRate): void {
  into.normal += rate.normal;
  into.danger += rate.danger;
  into.warning += rate.warning;
}

function rounded(rate: RequestRate): RequestRate {
  return { normal: roundRate(rate.normal), danger: roundRate(rate.danger), warning: roundRate(rate.warning) };
}

/** Requests/s into each region from INTERNET and other regions, from the global connections. */
export function ingressByRegion(globals: readonly Connection[]): Map<string, RequestRate> {
  const out = new Map<string, RequestRate>();
  for (const c of globals) {
    if (c.source === c.target || c.target === INTERNET) continue;
    let rate = out.get(c.target);
    if (!rate) out.set(c.target, (rate = zero()));
    add(rate, c.rate);
  }
  return out;
}

/** What the INTERNET sends into the mesh, classed like a region's ingress. */
export function internetSummary(globals: readonly Connection[], thresholds: Thresholds): InternetSummary {
  const rate = zero();
  for (const c of globals) if (c.source === INTERNET) add(rate, c.rate);
  const r = rounded(rate);
  return { rate: r, class: classify(r, thresholds) };
}

export interface RegionSeverity {
  ingress: RequestRate;
  internal: RequestRate;
  worstCall: WorstCall | null;
  class: TrafficClass;
}

/**
 * The class of a region from its ingress; a region nothing enters (a batch region) is judged on what its
 * services serve (`served`). The worst internal call is reported beside it, never averaged into it.
 */
export function regionSeverity(
  ingress: RequestRate | undefined,
  served: RequestRate,
  nodes: readonly ServiceNode[],
  connections: readonly Connection[],
  thresholds: Thresholds,
): RegionSeverity {
  const service = new Set<string>();
  for (const n of nodes) if (n.kind === 'service') service.add(n.name);
  const internal = zero();
  let worst: Connection | null = null;
  for (const c of connections) {
    if (!service.has(c.source) || !service.has(c.target)) continue;
    add(internal, c.rate);
    if (c.rate.danger <= 0) continue;
    if (worst === null || RANK[c.class] > RANK[worst.class] || (RANK[c.class] === RANK[worst.class] && errorRatio(c.rate) > errorRatio(worst.rate))) worst = c;
  }
  const entering = rounded(ingress ?? zero());
  const judged = totalRate(entering) > 0 ? entering : served;
  return {
    ingress: entering,
    internal: rounded(internal),
    worstCall: worst === null ? null : { source: worst.source, target: worst.target, rate: worst.rate, class: worst.class },
    class: classify(judged, thresholds),
  };
}
