// Where a drained region's share of a service goes: to the same service in the surviving regions, weighted
// by the plan's `to` (else by the survivors' current INTERNET ingress). When no weighted survivor runs the
// service, any survivor that runs it takes it, in proportion to what that copy serves now (else evenly).
// When none runs it, the traffic is unplaceable: it stays where it is and is reported.
import type { WhatifPlan } from './plan';
import type { World } from './world';

export interface Share {
  /** Index of the receiving service in the world. */
  to: number;
  share: number;
}

export interface Placement {
  drained: Set<string>;
  survivors: string[];
  /** Weight per surviving region (plan `to`, else current ingress), not normalised. */
  weights: Map<string, number>;
  /** Shares (summing to 1) over the survivors' copies of a service; empty when none runs it. */
  shares(service: string): Share[];
  /** Shares (summing to 1) over surviving regions other than `except`, for region-level calls. */
  regionShares(except: string): Array<{ region: string; share: number }>;
}

function normalise<T extends { share: number }>(list: T[]): T[] {
  const sum = list.reduce((s, x) => s + x.share, 0);
  if (sum > 0) for (const x of list) x.share /= sum;
  else for (const x of list) x.share = 1 / list.length;
  return list;
}

export function placement(world: World, plan: WhatifPlan): Placement {
  const drained = new Set(plan.drain);
  const survivors = world.regions.filter((r) => !drained.has(r));
  const weights = new Map<string, number>();
  for (const region of survivors) weights.set(region, plan.to ? (plan.to[region] ?? 0) : (world.ingress.get(region) ?? 0));
  const cache = new Map<string, Share[]>();
  return {
    drained,
    survivors,
    weights,
    shares(service) {
      let all = cache.get(service);
      if (!all) {
        const running = survivors.filter((r) => world.index.get(r)?.has(service));
        const weighted = running.filter((r) => (weights.get(r) ?? 0) > 0);
        const list: Share[] = weighted.length
          ? weighted.map((r) => ({ to: world.index.get(r)!.get(service)!, share: weights.get(r)! }))
          : running.map((r) => {
              const to = world.index.get(r)!.get(service)!;
              return { to, share: world.services[to]!.incoming };
            });
        all = list.length ? normalise(list) : list;
        cache.set(service, all);
      }
      return all;
    },
    regionShares(except) {
      const candidates = survivors.filter((r) => r !== except);
      const weighted = candidates.filter((r) => (weights.get(r) ?? 0) > 0);
      const list = (weighted.length ? weighted : candidates).map((region) => ({ region, share: weights.get(region) ?? 0 }));
      return list.length ? normalise(list) : list;
    },
  };
}
