// The evacuation what-if: the live world with the plan applied, against each service's capacity.
// Redirected calls can close new loops, so load is not linear in the drained fraction: each gradual step
// (25/50/75/100 %) is a projection of its own.
import { INTERNET, totalRate, type Graph, type RequestRate } from '../model';
import { capacityOf, type CapacityOptions, type CapacitySource } from './capacity';
import { placement } from './placement';
import type { WhatifPlan } from './plan';
import { currentWork, projectAt, scaleRate, type Run } from './run';
import { readWorld, type World } from './world';

/** The gradual plan's steps, as percent of the drained regions' traffic moved. */
export const STEPS = [25, 50, 75, 100] as const;

export interface ProjectedCall {
  sourceRegion: string;
  source: string;
  destinationRegion: string;
  destination: string;
  currentRps: number;
  projectedRps: number;
  /** Projected requests per second by outcome (each call keeps the outcome mix it shows now). */
  rate: RequestRate;
}

export interface ProjectedRegionCall {
  sourceRegion: string;
  destinationRegion: string;
  currentRps: number;
  projectedRps: number;
  rate: RequestRate;
}

export interface ProjectedService {
  region: string;
  service: string;
  currentRps: number;
  projectedRps: number;
  capacityRps: number | null;
  capacitySource: CapacitySource;
  currentUtilisation: number | null;
  utilisation: number | null;
  /** First step (percent drained) at which it is over capacity; 0 = over already; null = never in this plan. */
  firstOverAt: number | null;
}

export interface OverloadedService {
  region: string;
  service: string;
  projectedRps: number;
  capacityRps: number;
  utilisation: number;
  capacitySource: CapacitySource;
  firstOverAt: number | null;
}

export interface UnplaceableTraffic {
  region: string;
  service: string;
  /** Requests per second that should have moved but stay in the drained region. */
  rps: number;
  reason: string;
}

export interface Projection {
  plan: { drain: string[]; fraction: number; to: Record<string, number>; weightsFrom: 'plan' | 'current-ingress' };
  calls: ProjectedCall[];
  regionCalls: ProjectedRegionCall[];
  services: ProjectedService[];
  overloaded: OverloadedService[];
  unplaceable: UnplaceableTraffic[];
  newCrossRegionCalls: ProjectedCall[];
  ingress: { currentRps: number; projectedRps: number; byRegion: Array<{ region: string; currentRps: number; projectedRps: number }> };
  /** How many services are over capacity at each step of a gradual plan (the last step is the plan's fraction). */
  steps: Array<{ percent: number; overloaded: number }>;
  /** False when a call cycle amplifies load (loop gain ≥ 1): the numbers are then not a steady state. */
  converged: boolean;
}

function addRate(into: RequestRate, rate: RequestRate): void {
  into.normal += rate.normal;
  into.danger += rate.danger;
  into.warning += rate.warning;
}

function node(world: World, i: number): { region: string; name: string } {
  if (i < 0) return { region: INTERNET, name: INTERNET };
  const s = world.services[i]!;
  return { region: s.region, name: s.service };
}

function projectedCalls(world: World, run: Run): ProjectedCall[] {
  const byPair = new Map<number, { from: number; to: number; current: number; rate: RequestRate }>();
  const width = world.services.length + 1;
  const entry = (from: number, to: number) => {
    const key = (from + 1) * width + to;
    let e = byPair.get(key);
    if (!e) byPair.set(key, (e = { from, to, current: 0, rate: { normal: 0, danger: 0, warning: 0 } }));
    return e;
  };
  for (const flow of world.flows) entry(flow.from, flow.to).current += flow.total;
  for (const part of run.ingress) {
    const flow = world.flows[part.flow]!;
    addRate(entry(-1, part.to).rate, scaleRate(flow.rate, part.rps / flow.total));
  }
  for (let c = 0; c < run.calls.count; c++) {
    const flow = world.flows[run.callFlow[c]!]!;
    const rps = run.calls.k[c]! * run.work[run.calls.from[c]!]!;
    if (rps > 0) addRate(entry(run.calls.from[c]!, run.calls.to[c]!).rate, scaleRate(flow.rate, rps / flow.total));
  }
  const out: ProjectedCall[] = [];
  for (const e of byPair.values()) {
    const a = node(world, e.from);
    const b = node(world, e.to);
    out.push({ sourceRegion: a.region, source: a.name, destinationRegion: b.region, destination: b.name, currentRps: e.current, projectedRps: totalRate(e.rate), rate: e.rate });
  }
  return out;
}

/** Region-level calls scale with their source region's work and leave a drained target like any call. */
function projectedRegionCalls(world: World, run: Run, place: ReturnType<typeof placement>): ProjectedRegionCall[] {
  if (world.regionFlows.length === 0) return [];
  const { work } = currentWork(world);
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  for (let i = 0; i < world.services.length; i++) {
    const region = world.services[i]!.region;
    before.set(region, (before.get(region) ?? 0) + work[i]!);
    after.set(region, (after.get(region) ?? 0) + run.work[i]!);
  }
  const out = new Map<string, ProjectedRegionCall>();
  const emit = (from: string, to: string, current: number, rate: RequestRate): void => {
    const key = from + '\u0000' + to;
    let call = out.get(key);
    if (!call) out.set(key, (call = { sourceRegion: from, destinationRegion: to, currentRps: 0, projectedRps: 0, rate: { normal: 0, danger: 0, warning: 0 } }));
    call.currentRps += current;
    addRate(call.rate, rate);
    call.projectedRps = totalRate(call.rate);
  };
  for (const flow of world.regionFlows) {
    const b = before.get(flow.from) ?? 0;
    const rate = scaleRate(flow.rate, b > 0 ? (after.get(flow.from) ?? 0) / b : 1);
    const shares = run.fraction > 0 && place.drained.has(flow.to) ? place.regionShares(flow.from) : [];
    if (shares.length === 0) {
      emit(flow.from, flow.to, flow.total, rate);
      continue;
    }
    emit(flow.from, flow.to, flow.total, scaleRate(rate, 1 - run.fraction));
    for (const s of shares) emit(flow.from, s.region, 0, scaleRate(rate, run.fraction * s.share));
  }
  return [...out.values()];
}

export function projectWhatif(graph: Graph, plan: WhatifPlan, capacity: CapacityOptions = {}): Projection {
  const world = readWorld(graph);
  const place = placement(world, plan);
  const fraction = plan.fraction ?? 1;
  const stepFractions = STEPS.filter((p) => p / 100 < fraction - 1e-12).map((p) => p / 100);
  stepFractions.push(fraction);
  const runs = stepFractions.map((f) => projectAt(world, place, f));
  const final = runs[runs.length - 1]!;
  const capacities = world.services.map((s) => capacityOf(capacity, s.region, s.service));
  const over = (rps: number, cap: number | null): boolean => cap !== null && rps > cap * (1 + 1e-9);

  const services: ProjectedService[] = world.services.map((s, i) => {
    const cap = capacities[i]!;
    const projected = Math.max(0, final.incoming[i]!);
    let firstOverAt: number | null = over(s.incoming, cap.rps) ? 0 : null;
    for (let r = 0; firstOverAt === null && r < runs.length; r++) {
      if (over(runs[r]!.incoming[i]!, cap.rps)) firstOverAt = Math.round(runs[r]!.fraction * 100);
    }
    return {
      region: s.region,
      service: s.service,
      currentRps: s.incoming,
      projectedRps: projected,
      capacityRps: cap.rps,
      capacitySource: cap.source,
      currentUtilisation: cap.rps === null ? null : s.incoming / cap.rps,
      utilisation: cap.rps === null ? null : projected / cap.rps,
      firstOverAt,
    };
  });
  const overloaded: OverloadedService[] = [];
  for (const s of services) {
    if (s.capacityRps === null || s.utilisation === null || !over(s.projectedRps, s.capacityRps)) continue;
    overloaded.push({ region: s.region, service: s.service, projectedRps: s.projectedRps, capacityRps: s.capacityRps, utilisation: s.utilisation, capacitySource: s.capacitySource, firstOverAt: s.firstOverAt });
  }
  // Highest utilisation first; at equal load the one that went over at an earlier step first.
  overloaded.sort((a, b) => b.utilisation - a.utilisation || (a.firstOverAt ?? 101) - (b.firstOverAt ?? 101) || (a.region < b.region ? -1 : a.region > b.region ? 1 : a.service < b.service ? -1 : 1));

  const calls = projectedCalls(world, final);
  const unplaceable: UnplaceableTraffic[] = [];
  for (let i = 0; i < world.services.length; i++) {
    if (final.unplaceable[i]! > 0) {
      const s = world.services[i]!;
      unplaceable.push({ region: s.region, service: s.service, rps: final.unplaceable[i]!, reason: `no surviving region runs ${s.service}` });
    }
  }
  unplaceable.sort((a, b) => b.rps - a.rps);
  const byRegion = world.regions.map((region) => ({ region, currentRps: world.ingress.get(region) ?? 0, projectedRps: 0 }));
  const regionIndex = new Map(byRegion.map((r, i) => [r.region, i]));
  for (const part of final.ingress) byRegion[regionIndex.get(world.services[part.to]!.region)!]!.projectedRps += part.rps;
  const weightSum = [...place.weights.values()].reduce((a, b) => a + b, 0);
  const to: Record<string, number> = {};
  for (const [region, weight] of place.weights) to[region] = weightSum > 0 ? weight / weightSum : 1 / place.weights.size;

  return {
    plan: { drain: [...plan.drain], fraction, to, weightsFrom: plan.to ? 'plan' : 'current-ingress' },
    calls,
    regionCalls: projectedRegionCalls(world, final, place),
    services,
    overloaded,
    unplaceable,
    newCrossRegionCalls: calls
      .filter((c) => c.sourceRegion !== INTERNET && c.sourceRegion !== c.destinationRegion && c.currentRps === 0 && c.projectedRps > 0)
      .sort((a, b) => b.projectedRps - a.projectedRps),
    ingress: {
      currentRps: byRegion.reduce((s, r) => s + r.currentRps, 0),
      projectedRps: byRegion.reduce((s, r) => s + r.projectedRps, 0),
      byRegion,
    },
    steps: runs.map((run) => {
      let count = 0;
      for (let i = 0; i < world.services.length; i++) if (over(run.incoming[i]!, capacities[i]!.rps)) count++;
      return { percent: Math.round(run.fraction * 100), overloaded: count };
    }),
    converged: runs.every((r) => r.converged),
  };
}
